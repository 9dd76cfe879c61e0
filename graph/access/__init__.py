"""The access graph: principals, roles and CodeArtifact resources joined by evaluated edges."""

from graph.access.access_graph import AccessGraph
from graph.access.awserror import ErrorExplanation, NotAnAccessDenied, explain_error, parse_error
from graph.access.capabilities import Capability
from graph.access.evaluator import Verdict
from graph.access.explain import AccessExplanation, HopExplanation, NearMiss, StepExplanation
from graph.access.fixes import Fix
from graph.access.resolve import NotFound
from graph.access.results import Chain, Hop, Reach

__all__ = [
    "AccessExplanation",
    "AccessGraph",
    "Capability",
    "Chain",
    "ErrorExplanation",
    "Fix",
    "Hop",
    "HopExplanation",
    "NearMiss",
    "NotAnAccessDenied",
    "NotFound",
    "Reach",
    "StepExplanation",
    "Verdict",
    "explain_error",
    "parse_error",
]
