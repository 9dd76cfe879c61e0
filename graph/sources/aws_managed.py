"""AWS managed policies cax knows by heart, for files that attach them without listing them."""

from __future__ import annotations

from graph.model import ManagedPolicy

_BEARER = {
    "Effect": "Allow",
    "Action": "sts:GetServiceBearerToken",
    "Resource": "*",
    "Condition": {"StringEquals": {"sts:AWSServiceName": "codeartifact.amazonaws.com"}},
}

KNOWN: dict[str, ManagedPolicy] = {
    p.arn: p
    for p in (
        ManagedPolicy(
            arn="arn:aws:iam::aws:policy/AWSCodeArtifactAdminAccess",
            name="AWSCodeArtifactAdminAccess",
            default_version_id="v1",
            document={
                "Version": "2012-10-17",
                "Statement": [
                    {"Action": ["codeartifact:*"], "Effect": "Allow", "Resource": "*"},
                    _BEARER,
                ],
            },
        ),
        ManagedPolicy(
            arn="arn:aws:iam::aws:policy/AWSCodeArtifactReadOnlyAccess",
            name="AWSCodeArtifactReadOnlyAccess",
            default_version_id="v1",
            document={
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Action": [
                            "codeartifact:Describe*",
                            "codeartifact:Get*",
                            "codeartifact:List*",
                            "codeartifact:ReadFromRepository",
                        ],
                        "Effect": "Allow",
                        "Resource": "*",
                    },
                    _BEARER,
                ],
            },
        ),
    )
}
