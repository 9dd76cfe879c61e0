"""Files other projects wrote, kept read-only beside the project in `../shared/fixtures/`
(their README asks that they are read there, not copied in)."""

from __future__ import annotations

from pathlib import Path

import pytest

GAAD = Path(__file__).resolve().parents[1].parent / "shared" / "fixtures" / "gaad"
"""cloudsplaining's example `get-account-authorization-details` files (BSD 3-Clause)."""

needs_gaad = pytest.mark.skipif(not GAAD.is_dir(), reason=f"{GAAD} is not on this machine")
