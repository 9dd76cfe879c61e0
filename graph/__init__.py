"""cax engine: the model of an AWS estate, policy evaluation, the access graph, exports.

This package is plain Python and never imports the UI (`tui`) or Textual.
"""
