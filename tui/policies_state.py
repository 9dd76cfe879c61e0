"""Plain-Python state of the resource policies pane: the domain and repository policies of a
resource as JSON text, with the lines of each statement (for a jump from the why pane).

Nothing here imports Textual.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import graph
from graph.access import StepExplanation
from graph.model import Domain, Policy, Repository, Unknown
from graph.policy import Layer
from graph.visible import visible


@dataclass(frozen=True)
class ShownPolicy:
    """One resource policy as text: `statements[i]` is the (first, last) line of statement i."""

    title: str
    arn: str
    text: str
    statements: tuple[tuple[int, int], ...] = ()
    note: str = ""
    """Why there is no text: no policy, or it could not be read."""


@dataclass(frozen=True)
class ResourcePolicies:
    """The policies that apply to a resource: its domain's, then (for a repository) its own."""

    resource: str
    policies: tuple[ShownPolicy, ...]

    def find(self, arn: str, index: int) -> tuple[int, tuple[int, int]] | None:
        """Which policy holds statement `index` of the policy of `arn`, and its lines."""
        for at, policy in enumerate(self.policies):
            if policy.arn == arn and 0 <= index < len(policy.statements):
                return at, policy.statements[index]
        return None


def statement_lines(text: str) -> tuple[tuple[int, int], ...]:
    """The (first, last) line of each statement of a document dumped with `indent=2`."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.startswith('  "Statement": ')), None)
    if start is None:
        return ()
    if lines[start].endswith("{"):  # a single statement, not a list
        end = next(i for i in range(start, len(lines)) if lines[i] in ("  }", "  },"))
        return ((start, end),)
    found: list[tuple[int, int]] = []
    first = 0
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line == "    {":
            first = i
        elif line in ("    }", "    },"):
            found.append((first, i))
        elif line.startswith("  ]"):
            break
    return tuple(found)


def _shown(title: str, arn: str, policy: Policy | Unknown | None) -> ShownPolicy:
    if policy is None:
        return ShownPolicy(title, arn, "", note="no policy")
    if isinstance(policy, Unknown):
        return ShownPolicy(title, arn, "", note=visible(str(policy)))
    text = visible(json.dumps(policy.document, indent=2), keep="\n")
    return ShownPolicy(title, arn, text, statement_lines(text))


def resource_policies(access_graph: graph.AccessGraph, resource: str) -> ResourcePolicies:
    """The domain policy and, for a repository, the repository policy of `resource`."""
    domains: dict[str, Domain] = {d.arn: d for d in access_graph.snapshot.domains()}
    repository: Repository | None = next(
        (r for r in access_graph.snapshot.repositories() if r.arn == resource), None
    )
    shown: list[ShownPolicy] = []
    domain = domains.get(repository.domain_arn if repository else resource)
    if domain is not None:
        shown.append(_shown(f"domain policy · {visible(domain.name)}", domain.arn, domain.policy))
    if repository is not None:
        title = f"repository policy · {visible(repository.domain)}/{visible(repository.name)}"
        shown.append(_shown(title, repository.arn, repository.policy))
    return ResourcePolicies(resource, tuple(shown))


def policy_targets(steps: tuple[StepExplanation, ...]) -> tuple[tuple[str, int], ...]:
    """The domain and repository policy statements an explanation names, deciding ones before
    near misses, the first steps' first: (policy ARN, statement index)."""
    found: dict[tuple[str, int], None] = {}
    refs = [r for s in steps for r, _ in s.deciding] + [m.ref for s in steps for m in s.near_misses]
    for ref in refs:
        arn = ref.policy_arn or ""
        if ref.layer is Layer.RESOURCE and arn.startswith("arn:aws:codeartifact:"):
            found[(arn, ref.index)] = None
    return tuple(found)
