"""Context assumptions (MFA, source IP, VPC endpoint, time, ExternalId): read from the context
dialog's fields, summarised for the header.

Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.policy.model import ContextValue


def context_summary(context: Mapping[str, object]) -> str:
    """`MFA yes · SourceIp 203.0.113.7` for the header; "" when nothing is assumed."""
    short = {
        "aws:MultiFactorAuthPresent": "MFA",
        "aws:SourceIp": "source IP",
        "aws:SourceVpce": "VPC endpoint",
        "aws:CurrentTime": "time",
        "sts:ExternalId": "ExternalId",
    }
    parts = []
    for key, value in context.items():
        shown = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        parts.append(f"{short.get(key, key)} {shown}")
    return " · ".join(parts)


def parse_context(
    mfa: str, source_ip: str, vpce: str, time: str, external_id: str, extra: str
) -> dict[str, ContextValue]:
    """Context assumptions from the dialog's fields; blank fields stay unknown.

    `extra` holds `key=value` pairs separated by commas or new lines; `true`/`false` become
    booleans.

    Raises:
        ValueError: a pair without `=`.
    """
    context: dict[str, ContextValue] = {}
    if mfa in ("true", "false"):
        context["aws:MultiFactorAuthPresent"] = mfa == "true"
    for key, value in (
        ("aws:SourceIp", source_ip),
        ("aws:SourceVpce", vpce),
        ("aws:CurrentTime", time),
        ("sts:ExternalId", external_id),
    ):
        if value.strip():
            context[key] = value.strip()
    for pair in extra.replace("\n", ",").split(","):
        if not pair.strip():
            continue
        if "=" not in pair:
            raise ValueError(f"{pair.strip()!r} is not key=value")
        key, value = (p.strip() for p in pair.split("=", 1))
        lowered = value.lower()
        context[key] = lowered == "true" if lowered in ("true", "false") else value
    return context
