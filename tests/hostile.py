"""A snapshot whose AWS strings carry terminal escapes, line breaks and unwritable characters.

The demo organisation plus one user in shared-services who may read `acme/npm-internal` under a
condition; every string of its own (name, tag, Sid, condition value, account name) is hostile.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import graph
from graph.sources.save import snapshot_document

ESC = "\x1b"
CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
OSC8 = "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\"
USER = f"eve{CLEAR}"
SID = f"Read{OSC52}"
CONDITION = "vpce-1\r\nclick n0 call alert(1)"
ACCOUNT_NAME = f"shared{CLEAR}services"
RAW = (ESC, "\x07", "\x9b", "\u202e")
"""Characters that must never reach a terminal raw."""


def hostile_document(
    *,
    user: str = USER,
    sid: str = SID,
    condition: str = CONDITION,
    tag: str = OSC8,
    account_name: str = ACCOUNT_NAME,
    small: bool = False,
) -> dict[str, Any]:
    """The demo snapshot's document with the hostile user added; `small`: shared-services alone,
    its CodeArtifact and the hostile user only (builds in milliseconds, for fuzzing)."""
    document = snapshot_document(graph.demo_snapshot())
    account = next(a for a in document["accounts"] if a["id"] == "111111111111")
    account["name"] = account_name
    if small:
        details = account["authorization_details"]
        details["UserDetailList"], details["GroupDetailList"], details["RoleDetailList"] = (
            [],
            [],
            [],
        )
        document["accounts"] = [account]
        document.pop("organization", None)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": sid,
                "Effect": "Allow",
                "Action": ["codeartifact:*", "sts:GetServiceBearerToken"],
                "Resource": "*",
                "Condition": {"StringEquals": {"aws:SourceVpce": condition}},
            }
        ],
    }
    account["authorization_details"]["UserDetailList"].append(
        {
            "Path": "/",
            "UserName": user,
            "UserId": "AIDAHOSTILE000000001",
            "Arn": f"arn:aws:iam::111111111111:user/{user}",
            "UserPolicyList": [{"PolicyName": f"p{tag}", "PolicyDocument": policy}],
            "GroupList": [],
            "AttachedManagedPolicies": [],
            "Tags": [
                {"Key": "note", "Value": tag},
                {"Key": "nul", "Value": "a\x00b"},
                {"Key": "surrogate", "Value": "x\ud800y"},
                {"Key": "bidi", "Value": "abc\u202edef\x85"},
            ],
        }
    )
    return document


def write_hostile(path: Path) -> Path:
    """The hostile snapshot as a file (lone surrogates as JSON escapes, as AWS would send)."""
    path.write_text(json.dumps(hostile_document()), encoding="utf-8")
    return path
