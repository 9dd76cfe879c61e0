"""The demo organisation Acme, as a cax snapshot; scripts/build_demo.py writes it."""

from __future__ import annotations

import json

from .checks import problems
from .constants import GENERATED_AT, JSON
from .dev_account import dev
from .organizations import organization
from .other_accounts import management, partner, prod, release_tools
from .shared_services_account import shared_services

__all__ = ["build", "problems", "render"]


def build() -> JSON:
    accounts = [management(), shared_services(), dev(), prod(), release_tools(), partner()]
    return {
        "format": "cax-snapshot",
        "version": 1,
        "generated_at": GENERATED_AT,
        "accounts": [a.to_json() for a in accounts],
        "organization": organization(),
    }


def render(document: JSON) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
