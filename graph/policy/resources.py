"""Resource and NotResource entries compiled once: a matcher per pattern (or a template when
its resource part holds policy variables), and one test per element without variables."""

from __future__ import annotations

from dataclasses import dataclass

from graph.policy.variables import Template, parse_template
from graph.policy.wildcard import Matcher, arn_matcher, matches_literal_star


@dataclass(frozen=True, eq=False)
class ResourcePattern:
    """One Resource/NotResource entry; `template` is set when its resource part has variables."""

    text: str
    matcher: Matcher | None
    template: Template | None
    prefix: str = ""
    covers_star: bool = False


def _always(_resource: str) -> bool:
    return True


def element_test(resources: tuple[ResourcePattern, ...], negated: bool, implied: bool) -> Matcher:
    """One predicate for a whole Resource/NotResource element without variables."""
    if implied:
        return _always
    matchers = [r.matcher for r in resources if r.matcher is not None]
    if len(matchers) == 1 and not negated:
        return matchers[0]
    if negated:
        return lambda resource: not any(m(resource) for m in matchers)
    return lambda resource: any(m(resource) for m in matchers)


def resource_pattern(text: str, variables: bool) -> ResourcePattern:
    """One entry; with `variables` (policy version 2012-10-17), `${...}` in its resource part
    makes a template filled per request."""
    covers_star = matches_literal_star(text)
    if variables and "${" in text:
        head, sep, tail = _split_resource_part(text)
        parsed = parse_template(tail)
        if isinstance(parsed, Template):
            return ResourcePattern(text, None, parsed, head + sep, covers_star=False)
        text_for_match = head + sep + parsed
        return ResourcePattern(text, arn_matcher(text_for_match), None, covers_star=covers_star)
    return ResourcePattern(text, arn_matcher(text), None, covers_star=covers_star)


def _split_resource_part(text: str) -> tuple[str, str, str]:
    """Variables are only substituted after the fifth colon (the resource part)."""
    parts = text.split(":", 5)
    if len(parts) < 6:
        return text, "", ""
    return ":".join(parts[:5]), ":", parts[5]
