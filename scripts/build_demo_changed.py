"""Write the demo's second snapshot, graph/demo/acme-org-changed.json, for `cax diff`.

Two changes to graph/demo/acme-org.json, as a pull request might make them:
- the repository policy of acme/pypi-internal lets the whole organisation publish
  (statement `OrgMembersPublishPython`, limited by `aws:PrincipalOrgID`);
- the inline policy `AssumeReleaseOperator` of group/release-managers (222222222222) is removed.

Usage:
    .venv/bin/python scripts/build_demo_changed.py            # write the file
    .venv/bin/python scripts/build_demo_changed.py --check    # fail if the file is stale
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

DEMO = Path(__file__).resolve().parent.parent / "graph" / "demo"
SOURCE = DEMO / "acme-org.json"
OUTPUT = DEMO / "acme-org-changed.json"

SHARED, PROD = "111111111111", "222222222222"
REPOSITORY = f"arn:aws:codeartifact:us-east-1:{SHARED}:repository/acme/pypi-internal"
WIDENED = {
    "Sid": "OrgMembersPublishPython",
    "Effect": "Allow",
    "Principal": "*",
    "Action": ["codeartifact:PublishPackageVersion", "codeartifact:PutPackageMetadata"],
    "Resource": f"arn:aws:codeartifact:us-east-1:{SHARED}:package/acme/pypi-internal/*",
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-acme12345"}},
}
GROUP, REMOVED = "release-managers", "AssumeReleaseOperator"


def changed(document: dict[str, Any]) -> dict[str, Any]:
    """The demo snapshot document with the two changes made."""
    widened = removed = False
    for account in document["accounts"]:
        for group in account["authorization_details"]["GroupDetailList"]:
            if group["GroupName"] == GROUP and account["id"] == PROD:
                before = len(group["GroupPolicyList"])
                group["GroupPolicyList"] = [
                    p for p in group["GroupPolicyList"] if p["PolicyName"] != REMOVED
                ]
                removed = len(group["GroupPolicyList"]) < before
        for region in account["codeartifact"].values() if account["id"] == SHARED else ():
            for repository in region["repositories"]:
                if repository["arn"] == REPOSITORY:
                    repository["policy"]["Statement"].append(WIDENED)
                    widened = True
    if not (widened and removed):
        raise SystemExit(f"{SOURCE}: the repository or the group policy to change is not there")
    document["generated_at"] = "2026-02-09T08:00:00Z"
    return document


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = json.dumps(changed(json.loads(SOURCE.read_text())), indent=2, sort_keys=True) + "\n"
    if args.check:
        if not OUTPUT.exists() or OUTPUT.read_text() != text:
            print(f"{OUTPUT} is stale: run scripts/build_demo_changed.py", file=sys.stderr)
            return 1
        return 0
    handle, temporary = tempfile.mkstemp(dir=OUTPUT.parent, suffix=".tmp")
    with os.fdopen(handle, "w") as out:
        out.write(text)
    os.replace(temporary, OUTPUT)
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
