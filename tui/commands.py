"""The command palette: one provider, names prefixed by area (jump to, view, export, …)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from graph.search import PRINCIPAL_KINDS, RESOURCE_KINDS, SearchIndex
from graph.visible import visible

if TYPE_CHECKING:
    from tui.app import CaxApp

_JUMP_LIMIT = 8


class CaxCommands(Provider):
    """`jump to principal: …`, `jump to repository: …`, `view: …`, `export: …`, `app: …`."""

    @property
    def cax(self) -> CaxApp:
        """The app, typed."""
        from tui.app import CaxApp

        assert isinstance(self.app, CaxApp)
        return self.app

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        from tui.screens.export import formats

        main = self.cax.main
        commands: list[tuple[str, Callable[[], object], str]] = [
            (
                "view: principals",
                partial(main.action_view, "principals-view"),
                "Principals → reach → why",
            ),
            (
                "view: resources",
                partial(main.action_view, "resources-view"),
                "Domains and repositories → who can",
            ),
            ("view: help", self.cax.action_help, "Every key binding"),
            ("context: set assumptions", main.action_context, "MFA, source IP, ExternalId, …"),
            (
                "explain: paste an AccessDenied message",
                main.action_paste_error,
                "Jump straight to its explanation",
            ),
            ("app: reload", self.cax.action_reload, "Read the snapshot again"),
        ]
        for name, fmt in formats().items():
            commands.append((f"export: {name}", main.action_export, str(fmt.description)))
        return commands

    async def discover(self) -> Hits:
        for name, callback, help_text in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, callback, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
        access_graph = self.cax.access_graph
        if access_graph is None:
            return
        index = self._index()
        terms = query
        for prefix in ("jump to principal:", "jump to repository:", "jump to", "jump"):
            if query.lower().startswith(prefix):
                terms = query[len(prefix) :]
                break
        if not terms.strip():
            return
        main = self.cax.main
        for kinds, area, jump in (
            (PRINCIPAL_KINDS, "jump to principal", main.jump_to_principal),
            (RESOURCE_KINDS - {"external_connection"}, "jump to repository", main.jump_to_resource),
        ):
            for found in index.search(terms, kinds=kinds, limit=_JUMP_LIMIT):
                text = f"{area}: {visible(found.label)}"
                # Below the commands that match well, above weak ones; best hits first.
                score = min(0.95, 0.5 + found.score / 2000)
                yield Hit(
                    score,
                    Content(text),  # plain text: a name is never markup
                    partial(jump, found.node),
                    text=text,
                    help=visible(f"{found.kind} · {found.account or 'external'}"),
                )

    def _index(self) -> SearchIndex:
        """A search index per access graph, built once."""
        access_graph = self.cax.access_graph
        cached = getattr(self, "_cached", None)
        if cached is None or cached[0] is not access_graph:
            assert access_graph is not None
            cached = (access_graph, SearchIndex.of(access_graph))
            self._cached = cached
        return cached[1]
