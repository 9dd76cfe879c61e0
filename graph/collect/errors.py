"""Turning AWS errors into ``$unknown`` markers, scrubbed of the collector's own identity."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from botocore.parsers import ResponseParserError

# An assumed-role ARN or role user id ends with the session name of whoever made the call.
_SESSION_ARN = re.compile(r"(arn:[\w-]+:sts::\d{12}:assumed-role/[\w+=,.@-]+/)[\w+=,.@-]+")
_SESSION_USER_ID = re.compile(r"\b(AROA[A-Z0-9]{8,}):[\w+=,.@-]+")
_ACCESS_KEY = re.compile(r"\b(AKIA|ASIA)[A-Z0-9]{12,}\b")

REDACTED = "<session>"

# Errors that are read failures (the collector will carry on and mark the value unknown).
AWS_ERRORS = (ClientError, BotoCoreError, ResponseParserError)


def error_code(exc: BaseException) -> str:
    """The AWS error code of a ``ClientError``, else the exception class name."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", "") or type(exc).__name__)
    return type(exc).__name__


def scrub(text: str) -> str:
    """Remove session names and access key ids from an error text."""
    text = _SESSION_ARN.sub(rf"\g<1>{REDACTED}", text)
    text = _SESSION_USER_ID.sub(rf"\g<1>:{REDACTED}", text)
    return _ACCESS_KEY.sub("<access-key>", text)


def error_text(exc: BaseException) -> str:
    """``Code: message`` for an AWS error, scrubbed, on one line."""
    if isinstance(exc, ClientError):
        error = exc.response.get("Error", {})
        message = str(error.get("Message", "") or exc)
        text = f"{error_code(exc)}: {message}"
    else:
        text = f"{type(exc).__name__}: {exc}"
    return scrub(" ".join(text.split()))


def unknown(text: str) -> dict[str, str]:
    """The snapshot's marker for a value that could not be read."""
    return {"$unknown": text}


def is_unknown(value: Any) -> bool:
    """Whether ``value`` is an ``$unknown`` marker."""
    return isinstance(value, dict) and set(value) == {"$unknown"}


def jsonable(value: Any) -> Any:
    """A copy of a boto3 response that ``json.dumps`` accepts (datetimes become ISO 8601)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items() if k != "ResponseMetadata"}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
