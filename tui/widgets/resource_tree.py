"""Domains → repositories, with upstreams and external connections as a tree."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui.resources_state import DomainNode, RepositoryNode


def _count(domain: DomainNode) -> str:
    count = len(domain.repositories)
    return f"{count} repo" + ("" if count == 1 else "s")


class ResourceTree(Tree[str | None]):
    """Node data is the domain or repository node id (None for external connections)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("resources"), id=id)
        self.show_root = False
        self.guide_depth = 2

    def show(self, domains: tuple[DomainNode, ...]) -> None:
        """Replace the tree."""
        self.clear()
        for domain in domains:
            node = self.root.add(
                Text.assemble(
                    (domain.label, "bold"),
                    # the account first: a narrow pane cuts the end of a line, and a cut
                    # account id reads as another account
                    (f" {domain.account} · {_count(domain)} · {domain.region}", "dim"),
                ),
                data=domain.node,
                expand=True,
            )
            for repo in domain.repositories:
                self._add_repository(node, repo, top=True)

    def _add_repository(
        self, parent: TreeNode[str | None], repo: RepositoryNode, top: bool
    ) -> None:
        name = repo.label.split("/", 1)[-1]
        label = Text(name) if top else Text.assemble(("↑ ", "dim"), name)
        if not repo.upstreams and not repo.external:
            parent.add_leaf(label, data=repo.node)
            return
        node = parent.add(label, data=repo.node, expand=top)
        for upstream in repo.upstreams:
            self._add_repository(node, upstream, top=False)
        for external in repo.external:
            node.add_leaf(Text.assemble(("◇ ", "dim"), (external, "italic")), data=None)

    def go_to(self, node_id: str) -> bool:
        """Move the cursor to a domain or repository (its first appearance)."""
        for line in range(self.last_line + 1):
            node = self.get_node_at_line(line)
            if node is not None and node.data == node_id:
                self.move_cursor(node)
                return True
        return False
