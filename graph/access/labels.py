"""What walks over `can_assume` edges share: the depth limit and verdict ranks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import networkx as nx

from graph.access.results import Hop
from graph.access.verdicts import Verdict

MAX_DEPTH: Final = 6
"""Longest role chain followed (AWS itself limits chained sessions to one hour, not depth)."""

RANK: Final = {v.value: v.rank for v in Verdict}
REACHING: Final = (Verdict.ALLOWED.rank, Verdict.CONDITIONAL.rank)
"""Verdict ranks of the assume edges chains follow."""

HopOf = Callable[[nx.MultiDiGraph, str, str, dict[str, object]], Hop]
"""Makes the hop of one `can_assume` edge (source, role, its data)."""
