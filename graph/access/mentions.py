"""Whether any policy text of a snapshot mentions a key: a test that needs no compiled policy.

`build` asks whether a statement reads `aws:ResourceTag` before compiling every principal's
policies to find out: on a lazy graph (one question, `cax diff`) that would build all 12,000
actors of an organisation for a key that no policy names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from graph.model import Policy, Unknown
from graph.snapshot import Snapshot


def mentions(snapshot: Snapshot, key: str) -> bool:
    """Whether `key` (lower case) is in the text of any policy document of the snapshot."""
    return any(key in text for text in _texts(snapshot))


def _texts(snapshot: Snapshot) -> Iterator[str]:
    for document in _documents(snapshot):
        yield json.dumps(document).lower() if not isinstance(document, str) else document.lower()


def _documents(snapshot: Snapshot) -> Iterator[Any]:
    for user in snapshot.users():
        yield from (p.document for p in user.inline_policies)
    for group in snapshot.groups():
        yield from (p.document for p in group.inline_policies)
    for role in snapshot.roles():
        yield from (p.document for p in role.inline_policies)
        if isinstance(role.trust_policy, Policy):
            yield role.trust_policy.document
    for account in snapshot.accounts:
        for managed in account.policies:
            if not isinstance(managed.document, Unknown):
                yield managed.document
    for domain in snapshot.domains():
        if isinstance(domain.policy, Policy):
            yield domain.policy.document
    for repository in snapshot.repositories():
        if isinstance(repository.policy, Policy):
            yield repository.policy.document
    org = snapshot.org
    for org_policy in org.policies if org is not None else ():
        if not isinstance(org_policy.document, Unknown):
            yield org_policy.document
