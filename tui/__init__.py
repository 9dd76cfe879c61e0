"""cax user interfaces: the Textual app and the `cax` command line."""
