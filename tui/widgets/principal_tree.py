"""The principal list: accounts, then users, groups and roles, with counts."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from tui.state import Kind, PrincipalEntry, PrincipalIndex

_KIND_TITLES: dict[Kind, str] = {"user": "users", "group": "groups", "role": "roles"}


class PrincipalTree(Tree[PrincipalEntry | None]):
    """Shows a `PrincipalIndex`; node data is the entry (None for account and kind nodes)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("principals"), id=id)
        self.show_root = False
        self.guide_depth = 2

    def show(self, index: PrincipalIndex) -> None:
        """Replace the tree with `index`, expanding everything when a query filters it."""
        self.clear()
        for account, entries in index.by_account().items():
            account_node = self.root.add(
                Text.assemble((account, "bold"), (f"  {len(entries)}", "dim")),
                data=None,
                expand=True,
            )
            for kind, title in _KIND_TITLES.items():
                members = [e for e in entries if e.kind == kind]
                if not members:
                    continue
                kind_node = account_node.add(
                    Text.assemble(title, (f"  {len(members)}", "dim")),
                    data=None,
                    expand=bool(index.query) or kind == "user",
                )
                for entry in members:
                    kind_node.add_leaf(Text(entry.name), data=entry)
        if index.query:
            self._highlight_first_principal()

    def _highlight_first_principal(self) -> None:
        for line in range(self.last_line + 1):
            node = self.get_node_at_line(line)
            if node is not None and node.data is not None:
                self.move_cursor(node)
                return
