""" "Did you mean" for capabilities and actions (`raed` → `read`), as for names."""

from __future__ import annotations

import difflib

from graph.access.capabilities import Capability, parse_capability
from graph.policy import catalogue
from tui.cli.common import UsageProblem


def _known_actions() -> list[str]:
    return [*catalogue.actions_matching("codeartifact:*"), "sts:GetServiceBearerToken"]


def capability_or_action(text: str) -> str:
    """`text` when it names a capability or a known action; otherwise exit 2 with the closest.

    Raises:
        UsageProblem: neither a capability nor an action the catalogue knows.
    """
    if parse_capability(text) is not None or catalogue.action_info(text) is not None:
        return text
    capabilities = [c.value for c in Capability]
    if ":" in text:
        actions = _known_actions()
        lowered = {a.lower(): a for a in actions}
        close = difflib.get_close_matches(text.lower(), list(lowered), n=3, cutoff=0.6)
        names = [lowered[c] for c in close]
        what = "action"
    else:
        names = difflib.get_close_matches(text.lower(), capabilities, n=2, cutoff=0.5)
        what = "capability or action"
    hint = f"; did you mean {' or '.join(names)}?" if names else ""
    raise UsageProblem(
        f"unknown {what} {text!r}{hint} (capabilities: {', '.join(capabilities)}; or an action "
        "such as codeartifact:DescribeRepository)"
    )
