"""The principal list: accounts, then users, groups, roles and external principals, with counts."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from graph.search import Entry, Hit
from graph.visible import visible, visible_offsets
from tui.principals_state import PrincipalList, PrincipalSection

LEAF_LIMIT = 1000
"""Leaves added per section; beyond that the list says how many more and suggests a search."""

_MATCH = Style(bold=True, underline=True)


def _leaf_label(entry: Entry, hit: Hit | None) -> Text:
    """The entry's name, control characters as escapes, with the search match underlined."""
    name = entry.name if entry.kind in ("user", "group", "role") else entry.label
    text = Text(visible(name))
    if hit is None:
        return text
    if hit.field == "label":
        offset = len(hit.matched) - len(name)
        at = visible_offsets(name)
        for pos in hit.positions:
            if pos >= offset:
                text.stylize(_MATCH, at[pos - offset], at[pos - offset + 1])
        return text
    extra = Text(f"  {visible(hit.matched)}", style="dim")
    at = visible_offsets(hit.matched)
    for pos in hit.positions:
        extra.stylize(_MATCH, at[pos] + 2, at[pos + 1] + 2)
    return Text.assemble(text, extra)


class PrincipalTree(Tree[Entry | PrincipalSection | None]):
    """Shows a `PrincipalList`. Leaf data is the search `Entry`; sections fill in when expanded.

    Sections hold their entries until first expanded, so 12,000 principals cost one node per
    section until someone opens it.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("principals"), id=id)
        self.show_root = False
        self.guide_depth = 2
        self.principals: PrincipalList | None = None

    def show(self, principals: PrincipalList, expand_all: bool = False) -> None:
        """Replace the tree; a filtered list (or `expand_all`) opens every section."""
        self.principals = principals
        self.clear()
        opened = bool(principals.query) or expand_all
        for group in principals.groups:
            account = self.root.add(
                Text.assemble(
                    (group.name, "bold"),
                    " ",
                    (str(group.count), "dim"),
                    # an account without a name is called by its id: once
                    (
                        f" {visible(group.account)}" if group.account != group.name else "",
                        "dim italic",
                    ),
                ),
                data=None,
                expand=True,
            )
            for section in group.sections:
                node = account.add(
                    Text.assemble(section.title, " ", (str(len(section.entries)), "dim")),
                    data=section,
                    expand=False,
                )
                if opened or section.kind == "user":
                    self._fill(node)
                    node.expand()
        if principals.query:
            self.select_first()

    def _fill(self, node: TreeNode[Entry | PrincipalSection | None]) -> None:
        section = node.data
        if not isinstance(section, PrincipalSection) or node.children:
            return
        for entry in section.entries[:LEAF_LIMIT]:
            node.add_leaf(_leaf_label(entry, section.hits.get(entry.node)), data=entry)
        more = len(section.entries) - LEAF_LIMIT
        if more > 0:
            node.add_leaf(Text(f"… {more} more: press / to search", style="dim italic"))

    @on(Tree.NodeExpanded)
    def _expanded(self, event: Tree.NodeExpanded[Entry | PrincipalSection | None]) -> None:
        self._fill(event.node)

    def select_first(self) -> None:
        """Move the cursor to the first principal."""
        for line in range(self.last_line + 1):
            node = self.get_node_at_line(line)
            if node is not None and isinstance(node.data, Entry):
                self.move_cursor(node)
                return

    def go_to(self, node_id: str) -> bool:
        """Move the cursor to a principal, opening its section; False when it is not listed."""
        for account in self.root.children:
            for section_node in account.children:
                section = section_node.data
                if not isinstance(section, PrincipalSection):
                    continue
                if not any(e.node == node_id for e in section.entries):
                    continue
                self._fill(section_node)
                section_node.expand()
                account.expand()
                for leaf in section_node.children:
                    if isinstance(leaf.data, Entry) and leaf.data.node == node_id:
                        self.move_cursor(leaf)
                        self.scroll_to_node(leaf, animate=False)
                        return True
        return False

    @property
    def selected(self) -> Entry | None:
        """The principal under the cursor."""
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, Entry) else None
