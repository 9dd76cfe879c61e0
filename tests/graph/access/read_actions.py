"""The three CodeArtifact actions a read needs (token, endpoint, read), shared by the
`test_review_roles` and `test_review_resources` modules."""

from __future__ import annotations

READ3 = [
    "codeartifact:GetAuthorizationToken",
    "codeartifact:GetRepositoryEndpoint",
    "codeartifact:ReadFromRepository",
]
