"""Widgets: each displays what a plain-Python state object computed."""

from tui.widgets.chain_diagram import ChainDiagram
from tui.widgets.loading_bar import LoadingBar, PaneLoading
from tui.widgets.policy_view import PolicyView
from tui.widgets.principal_tree import PrincipalTree
from tui.widgets.reach_table import ReachTable
from tui.widgets.resource_tree import ResourceTree
from tui.widgets.who_can_table import WhoCanTable
from tui.widgets.why_view import WhyView

__all__ = [
    "ChainDiagram",
    "LoadingBar",
    "PaneLoading",
    "PolicyView",
    "PrincipalTree",
    "ReachTable",
    "ResourceTree",
    "WhoCanTable",
    "WhyView",
]
