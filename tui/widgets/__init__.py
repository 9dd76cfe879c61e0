"""Widgets: each displays what a plain-Python state object computed."""

from tui.widgets.principal_details import PrincipalDetails
from tui.widgets.principal_tree import PrincipalTree

__all__ = ["PrincipalDetails", "PrincipalTree"]
