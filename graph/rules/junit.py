"""Rule results as JUnit XML, which CI systems (GitHub Actions reporters, GitLab, Jenkins) show
as a test report: one test case per rule, a failure per broken rule listing who breaks it."""

from __future__ import annotations

import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path

from graph.rules.check import Offence, RuleResult

Describe = Callable[[Offence], str]
"""One offence as a line of text (principal, resource, reason, chain)."""


def junit_document(results: Sequence[RuleResult], describe: Describe, seconds: float) -> str:
    """The XML text: a `testsuite` named "cax assert" with one `testcase` per rule."""
    failures = sum(1 for r in results if r.offences and not r.error)
    errors = sum(1 for r in results if r.error)
    suite = ET.Element(
        "testsuite",
        {
            "name": "cax assert",
            "tests": str(len(results)),
            "failures": str(failures),
            "errors": str(errors),
            "time": f"{seconds:.3f}",
        },
    )
    for result in results:
        rule = result.rule
        case = ET.SubElement(
            suite, "testcase", {"classname": "cax.rules", "name": rule.id, "time": "0"}
        )
        if result.error:
            error = ET.SubElement(case, "error", {"message": _clean(result.error)})
            error.text = _clean(result.error)
        elif result.offences:
            message = rule.message or f"{len(result.offences)} offences"
            failure = ET.SubElement(case, "failure", {"message": _clean(message)})
            failure.text = "\n".join(_clean(describe(o)) for o in result.offences)
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"


def _clean(text: str) -> str:
    """XML 1.0 cannot hold most control characters: shown as `\\xNN` (AWS names may hold any)."""
    return "".join(
        c if c in "\t\n" or (c >= " " and c != "\x7f") else f"\\x{ord(c):02x}" for c in text
    )


def write_junit(path: str | Path, text: str) -> None:
    """Write atomically: a temporary file in the same folder, then renamed over `path`."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
