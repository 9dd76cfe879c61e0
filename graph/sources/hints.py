"""What to tell someone whose input cannot answer CodeArtifact questions, and how to fix it."""

from __future__ import annotations

from graph.snapshot import Snapshot

CODEARTIFACT_OUTPUTS = (
    "list-domains",
    "describe-domain",
    "list-repositories",
    "list-repositories-in-domain",
    "describe-repository",
    "get-domain-permissions-policy",
    "get-repository-permissions-policy",
    "list-package-groups",
)
"""The `aws codeartifact` commands whose JSON output the loader reads (see `load._add_value`)."""


def no_domains_hint(snapshot: Snapshot) -> str | None:
    """None when the input holds a CodeArtifact domain or repository; otherwise why nothing can
    be reached, and the two ways to add them (IAM-only files, such as a bare
    `get-account-authorization-details`, are the usual cause)."""
    if next(snapshot.domains(), None) is not None:
        return None
    if next(snapshot.repositories(), None) is not None:
        return None
    commands = ", ".join(CODEARTIFACT_OUTPUTS)
    return (
        "the input holds 0 CodeArtifact domains (IAM only), so nobody can be shown reaching "
        "one. Add them: run `cax collect` (read-only) and open its snapshot, or save the JSON "
        f"that `aws codeartifact` prints for {commands} and pass those files too "
        "(--snapshot FILE, or put them in the same directory)."
    )
