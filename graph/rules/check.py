"""Checking access rules against an access graph: which pass, and who offends each one.

A principal pattern is matched against the principal's ARN (or node id) and its label, with
`*` and `?` as in a policy (`role/release-*`, `arn:aws:iam::111111111111:role/release-*`,
`user/mateojackson`); `account:ID` matches the principals of one account; `organization`
matches the resource's own account, the organisation (and `anyone (*)` limited to it by
`aws:PrincipalOrgID`) and AWS services acting for the account (`organization:o-…` the same,
when the snapshot's organisation has that id, else nobody); `same-account` the resource's
own account; `services` AWS services.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import networkx as nx

from graph.access import AccessGraph, NotFound, Reach, Verdict
from graph.access.origins import Origin, Placed, place
from graph.policy.wildcard import glob_regex, has_wildcard
from graph.rules.model import KEYWORDS, Rule


@dataclass(frozen=True)
class Offence:
    """One principal and resource that break a rule, and how."""

    principal: str
    resource: str
    reason: str
    """`reaches`, `does not reach`, `4 hops`…"""
    reach: Reach | None = None
    """The chain, when the principal reaches (None for a `can` rule's missing principal)."""


@dataclass(frozen=True)
class RuleResult:
    """A rule, the resources it was checked on, and what breaks it."""

    rule: Rule
    resources: tuple[str, ...]
    offences: tuple[Offence, ...]
    error: str = ""
    """Why the rule could not be checked (a resource or principal that does not exist)."""

    @property
    def passed(self) -> bool:
        """Nothing breaks the rule and it could be checked."""
        return not self.offences and not self.error


def check_rules(access: AccessGraph, rules: Iterable[Rule]) -> list[RuleResult]:
    """Each rule checked on every domain or repository its `resources` names."""
    rules = list(rules)
    targets: dict[str, list[str] | str] = {}
    for rule in rules:
        try:
            found = (
                access.resolve_resources(rule.resources)
                if has_wildcard(rule.resources)
                else [access.resolve_resource(rule.resources)]
            )
        except NotFound as error:
            targets[rule.id] = str(error)
        else:
            targets[rule.id] = found
    access.expect_who_can(sum(len(t) for t in targets.values() if isinstance(t, list)))
    return [_check(access, rule, targets[rule.id]) for rule in rules]


def _check(access: AccessGraph, rule: Rule, targets: list[str] | str) -> RuleResult:
    if isinstance(targets, str):
        return RuleResult(rule, (), (), targets)
    if rule.kind == "can":
        try:
            rule = replace(rule, principals=_named(access, rule))
        except NotFound as error:
            return RuleResult(rule, tuple(targets), (), str(error))
    offences: list[Offence] = []
    for resource in targets:
        try:
            reaches = access.who_can(resource, rule.capability)
        except (ValueError, KeyError) as error:
            return RuleResult(rule, tuple(targets), (), str(error.args[0] if error.args else error))
        g = access.partial_graph
        org = access.snapshot.org.id if access.snapshot.org is not None else ""
        placed = [p for p in place(g, reaches, resource, access.snapshot.org) if _counts(rule, p)]
        if rule.kind == "only":
            offences += [
                Offence(p.reach.principal, resource, _reaches(p.reach), p.reach)
                for p in placed
                if not any(_matches(g, pattern, p, org) for pattern in rule.principals)
            ]
        elif rule.kind == "max_hops":
            offences += [
                Offence(p.reach.principal, resource, f"{len(p.reach.chain.hops)} hops", p.reach)
                for p in placed
                if len(p.reach.chain.hops) > rule.hops
            ]
        else:
            for pattern in rule.principals:
                if not any(_matches(g, pattern, p, org) for p in placed):
                    offences.append(Offence(pattern, resource, "does not reach"))
    return RuleResult(rule, tuple(targets), tuple(offences))


def _named(access: AccessGraph, rule: Rule) -> tuple[str, ...]:
    """A `can` rule's principals as nodes where they name one (`user/mateojackson`), else
    as given (a pattern). Raises NotFound for a name that matches no principal."""
    return tuple(
        p
        if has_wildcard(p) or p in KEYWORDS or p.startswith(("account:", "organization:"))
        else access.resolve_principal(p)
        for p in rule.principals
    )


def _reaches(reach: Reach) -> str:
    """`reaches`, or `reaches (conditional)` / `(unknown)`."""
    verdict = reach.verdict
    return "reaches" if verdict is Verdict.ALLOWED else f"reaches ({verdict.value})"


def _counts(rule: Rule, placed: Placed) -> bool:
    """A reach that counts: allowed, unknown (it may be allowed), and conditional unless the
    rule says `conditional = "ok"`."""
    verdict = placed.reach.verdict
    if verdict is Verdict.DENIED:
        return False
    return verdict is not Verdict.CONDITIONAL or rule.conditional_counts


def _matches(g: nx.MultiDiGraph, pattern: str, placed: Placed, org: str) -> bool:
    """Whether a principal pattern (see the module's docstring) matches a placed reach."""
    if pattern == "organization":
        return placed.origin is not Origin.EXTERNAL
    if pattern.startswith("organization:"):
        return placed.origin is not Origin.EXTERNAL and pattern.removeprefix("organization:") == org
    if pattern == "same-account":
        return placed.origin is Origin.ACCOUNT
    if pattern == "services":
        return placed.origin is Origin.SERVICE
    if pattern.startswith("account:"):
        return placed.account == pattern.removeprefix("account:")
    node = placed.reach.principal
    label = str(g.nodes[node].get("label", "")) if g.has_node(node) else ""
    path_form = node.partition(":iam::")[2].partition(":")[2]  # `role/ci/deployer`
    test = glob_regex(pattern).fullmatch
    return any(test(text) for text in (node, label, path_form) if text)
