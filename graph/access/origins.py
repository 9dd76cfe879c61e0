"""Where a principal stands relative to a resource, and the who-can filter built on it.

"Who outside my account can read this?" is AWS's second troubleshooting question: every reach
is placed in the resource's own account, our organisation, outside it, or an AWS service, and
`WhoCanFilter` narrows a who-can answer by place, account, verdict and kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

import networkx as nx

from graph.access.evaluator import Verdict
from graph.access.results import Reach
from graph.model import Organization


class Origin(Enum):
    """Where a principal comes from, seen from the resource's account."""

    ACCOUNT = "this account"
    ORGANISATION = "our organisation"
    EXTERNAL = "outside the organisation"
    SERVICE = "AWS services"

    @property
    def outside(self) -> bool:
        """Not the resource's own account (AWS services act for the account)."""
        return self in (Origin.ORGANISATION, Origin.EXTERNAL)


KINDS = ("user", "role", "group", "federated", "service", "external_account", "anyone")
"""The principal kinds a who-can answer holds (`--kind`)."""

KIND_ALIASES = {"account": "external_account", "external-account": "external_account"}

_ORG_KEYS = ("aws:principalorgid", "aws:principalorgpaths")


def _org_restricted(conditions: Iterable[str], org: Organization | None) -> bool:
    """A condition limits the caller to our organisation (`aws:PrincipalOrgID`, `…OrgPaths`,
    or `aws:PrincipalAccount` naming member accounts only). Without a known organisation, a
    restriction to one organisation is taken to mean ours."""
    for condition in conditions:
        key, _, rest = condition.partition(" ")
        key = key.lower()
        values = rest.partition(" ")[2]
        if key in _ORG_KEYS and (org is None or org.id in values):
            return True
        if key == "aws:principalaccount" and org is not None:
            accounts = [v.strip(" ,'\"[]") for v in values.replace(" or ", ",").split(",")]
            if accounts and all(a and org.contains(a) for a in accounts):
                return True
    return False


def origin_of(
    g: nx.MultiDiGraph, reach: Reach, resource_account: str, org: Organization | None
) -> Origin:
    """The place of a reach's principal: its account against the resource's, membership of the
    organisation, and for `anyone (*)` the conditions that may restrict it to the organisation."""
    data = g.nodes[reach.principal] if g.has_node(reach.principal) else {}
    kind = str(data.get("kind", ""))
    if kind == "service":
        return Origin.SERVICE
    if kind == "anyone":
        restricted = _org_restricted(reach.chain.conditions, org)
        return Origin.ORGANISATION if restricted else Origin.EXTERNAL
    if kind == "federated":
        return Origin.EXTERNAL  # identities of an outside provider (GitHub, a SAML IdP)
    account = str(data.get("account", ""))
    if account and account == resource_account:
        return Origin.ACCOUNT
    member = g.nodes.get(f"account:{account}", {}).get("in_organization")
    if member is None:
        member = org is not None and org.contains(account)
    return Origin.ORGANISATION if member else Origin.EXTERNAL


@dataclass(frozen=True)
class Placed:
    """A reach with where its principal comes from."""

    reach: Reach
    origin: Origin
    account: str
    kind: str


def place(
    g: nx.MultiDiGraph, reaches: Iterable[Reach], resource: str, org: Organization | None
) -> list[Placed]:
    """Each reach with its origin, account and kind (in the order given)."""
    owner = str(g.nodes[resource].get("account", "")) if g.has_node(resource) else ""
    placed = []
    for reach in reaches:
        data = g.nodes[reach.principal] if g.has_node(reach.principal) else {}
        placed.append(
            Placed(
                reach,
                origin_of(g, reach, owner, org),
                str(data.get("account", "")),
                str(data.get("kind", "")),
            )
        )
    return placed


@dataclass(frozen=True)
class WhoCanFilter:
    """Which who-can rows to keep; an empty field keeps everything.

    `external` keeps principals outside the resource's account (other accounts of the
    organisation, outside accounts, anyone, federated identities).
    """

    external: bool = False
    account: str = ""
    verdicts: frozenset[Verdict] = frozenset()
    kinds: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        *,
        external: bool = False,
        account: str = "",
        verdicts: Sequence[str] = (),
        kinds: Sequence[str] = (),
    ) -> WhoCanFilter:
        """From option values (`--verdict allowed`, `--kind user`, `--kind account`).

        Raises:
            ValueError: an unknown verdict or kind (naming the ones there are).
        """
        found: set[Verdict] = set()
        for name in verdicts:
            try:
                found.add(Verdict(name.lower()))
            except ValueError:
                known = ", ".join(v.value for v in Verdict)
                raise ValueError(f"unknown verdict {name!r} (one of {known})") from None
        wanted: set[str] = set()
        for name in kinds:
            kind = KIND_ALIASES.get(name.lower(), name.lower())
            if kind not in KINDS:
                raise ValueError(f"unknown kind {name!r} (one of {', '.join(KINDS)})")
            wanted.add(kind)
        return cls(external, account.strip(), frozenset(found), frozenset(wanted))

    @property
    def active(self) -> bool:
        """Anything filtered at all."""
        return bool(self.external or self.account or self.verdicts or self.kinds)

    def accepts(self, placed: Placed) -> bool:
        """The row passes every filter set."""
        if self.external and not placed.origin.outside:
            return False
        if self.account and placed.account != self.account:
            return False
        if self.verdicts and placed.reach.verdict not in self.verdicts:
            return False
        return not self.kinds or placed.kind in self.kinds

    def apply(self, placed: Iterable[Placed]) -> list[Placed]:
        """The rows that pass, in order."""
        return [p for p in placed if self.accepts(p)]

    def toggled_external(self) -> WhoCanFilter:
        """The same filter with "outside this account" switched."""
        return WhoCanFilter(not self.external, self.account, self.verdicts, self.kinds)

    def cycled_verdict(self) -> WhoCanFilter:
        """Every verdict → allowed → conditional → unknown → denied → every verdict."""
        order = [None, *Verdict]
        current = next(iter(self.verdicts)) if len(self.verdicts) == 1 else None
        following = order[(order.index(current) + 1) % len(order)]
        verdicts = frozenset() if following is None else frozenset({following})
        return WhoCanFilter(self.external, self.account, verdicts, self.kinds)

    def cycled_kind(self, present: Sequence[str]) -> WhoCanFilter:
        """Every kind → each kind in `present` in turn → every kind."""
        order: list[str | None] = [None, *(k for k in KINDS if k in present)]
        current = next(iter(self.kinds)) if len(self.kinds) == 1 else None
        following = order[(order.index(current) + 1) % len(order)] if current in order else None
        kinds = frozenset() if following is None else frozenset({following})
        return WhoCanFilter(self.external, self.account, self.verdicts, kinds)

    def describe(self) -> str:
        """`outside this account · allowed · users` ("" when nothing is filtered)."""
        parts = []
        if self.external:
            parts.append("outside this account")
        if self.account:
            parts.append(f"account {self.account}")
        parts += sorted(v.value for v in self.verdicts)
        parts += sorted(k.replace("_", " ") for k in self.kinds)
        return " · ".join(parts)
