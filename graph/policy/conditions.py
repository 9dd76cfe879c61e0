"""Condition operators (spec B): compiled once per clause, evaluated per request.

A clause is one (operator, key, values) triple; clauses are ANDed, values ORed (NOR for negated
operators). Evaluation returns True, False or `UNKNOWN` (discover mode, key not given).
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Final, Literal

from graph.policy.context import MISSING, UNKNOWN, Env, _Marker
from graph.policy.model import PolicyError
from graph.policy.variables import Template, Unresolved, parse_template, render
from graph.policy.wildcard import arn_matcher, string_matcher, unmark

Predicate = Callable[[str], bool]
Family = Literal["string", "numeric", "date", "bool", "binary", "ip", "arn", "null"]

# base operator (lower case) -> (canonical name, family, comparison, negated)
_OPERATORS: Final[dict[str, tuple[str, Family, str, bool]]] = {
    "stringequals": ("StringEquals", "string", "eq", False),
    "stringnotequals": ("StringNotEquals", "string", "eq", True),
    "stringequalsignorecase": ("StringEqualsIgnoreCase", "string", "eq_ci", False),
    "stringnotequalsignorecase": ("StringNotEqualsIgnoreCase", "string", "eq_ci", True),
    "stringlike": ("StringLike", "string", "like", False),
    "stringnotlike": ("StringNotLike", "string", "like", True),
    "numericequals": ("NumericEquals", "numeric", "eq", False),
    "numericnotequals": ("NumericNotEquals", "numeric", "eq", True),
    "numericlessthan": ("NumericLessThan", "numeric", "lt", False),
    "numericlessthanequals": ("NumericLessThanEquals", "numeric", "le", False),
    "numericgreaterthan": ("NumericGreaterThan", "numeric", "gt", False),
    "numericgreaterthanequals": ("NumericGreaterThanEquals", "numeric", "ge", False),
    "dateequals": ("DateEquals", "date", "eq", False),
    "datenotequals": ("DateNotEquals", "date", "eq", True),
    "datelessthan": ("DateLessThan", "date", "lt", False),
    "datelessthanequals": ("DateLessThanEquals", "date", "le", False),
    "dategreaterthan": ("DateGreaterThan", "date", "gt", False),
    "dategreaterthanequals": ("DateGreaterThanEquals", "date", "ge", False),
    "bool": ("Bool", "bool", "eq", False),
    "binaryequals": ("BinaryEquals", "binary", "eq", False),
    "ipaddress": ("IpAddress", "ip", "in", False),
    "notipaddress": ("NotIpAddress", "ip", "in", True),
    "arnequals": ("ArnEquals", "arn", "like", False),
    "arnlike": ("ArnLike", "arn", "like", False),
    "arnnotequals": ("ArnNotEquals", "arn", "like", True),
    "arnnotlike": ("ArnNotLike", "arn", "like", True),
    "null": ("Null", "null", "null", False),
}
_VARIABLE_FAMILIES: Final = frozenset({"string", "arn", "bool"})
_COMPARE: Final[dict[str, Callable[[float, float], bool]]] = {
    "eq": lambda a, b: a == b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def parse_number(text: str) -> float | None:
    """A number from a policy or context value, or None."""
    try:
        return float(text)
    except ValueError:
        return None


def parse_date(text: str) -> float | None:
    """Seconds since the epoch for an ISO 8601 (W3C profile) date or an epoch number."""
    text = text.strip()
    number = parse_number(text)
    if number is not None and not _ISO_DATE.match(text):
        return number
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.timestamp()


def _decode_binary(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


def _predicate(family: Family, comparison: str, value: str) -> Predicate | None:
    """The per-value test for one (rendered) policy value; None when the value is invalid."""
    if family == "string":
        if comparison == "like":
            return string_matcher(value)
        literal = unmark(value)
        if comparison == "eq_ci":
            folded = literal.casefold()
            return lambda r: r.casefold() == folded
        return literal.__eq__
    if family == "arn":
        return arn_matcher(value, expand_short=False)
    if family == "bool":
        wanted = unmark(value).lower()
        return lambda r: r.lower() == wanted
    if family == "numeric":
        return _ordered(parse_number(value), parse_number, _COMPARE[comparison])
    if family == "date":
        return _ordered(parse_date(value), parse_date, _COMPARE[comparison])
    if family == "ip":
        try:
            network = ipaddress.ip_network(value.strip(), strict=False)
        except ValueError:
            return None
        return lambda r: _in_network(r, network)
    if family == "binary":
        decoded = _decode_binary(value)
        if decoded is None:
            return None
        return lambda r: (_decode_binary(r) or r.encode()) == decoded
    return None


def _ordered(
    bound: float | None, parse: Callable[[str], float | None], op: Callable[[float, float], bool]
) -> Predicate | None:
    if bound is None:
        return None

    def test(request_value: str) -> bool:
        parsed = parse(request_value)
        return parsed is not None and op(parsed, bound)

    return test


@lru_cache(maxsize=4096)
def _parse_ip(value: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    try:
        return ipaddress.ip_network(value.strip(), strict=False)
    except ValueError:
        return None


@lru_cache(maxsize=8192)
def _in_network(value: str, network: ipaddress.IPv4Network | ipaddress.IPv6Network) -> bool:
    candidate = _parse_ip(value)
    if candidate is None or candidate.version != network.version:
        return False
    return candidate.subnet_of(network)  # type: ignore[arg-type]


@dataclass(frozen=True, eq=False)
class Clause:
    """One compiled condition test: `operator` applied to context `key` with policy `values`."""

    operator: str
    key: str
    values: tuple[str, ...]
    canonical: str
    family: Family
    comparison: str
    negated: bool
    set_op: Literal["any", "all"] | None
    if_exists: bool
    key_lower: str = ""
    _static: tuple[Predicate, ...] = field(default=(), repr=False)
    _templates: tuple[Template, ...] = field(default=(), repr=False)
    _null_expect: frozenset[bool] = field(default=frozenset(), repr=False)

    def _predicates(self, env: Env) -> list[Predicate] | _Marker:
        found = list(self._static)
        for template in self._templates:
            rendered = render(template, env)
            if isinstance(rendered, Unresolved):
                if not rendered.missing:
                    return UNKNOWN
                continue  # a missing variable: this value matches nothing
            predicate = _predicate(self.family, self.comparison, rendered)
            if predicate is not None:
                found.append(predicate)
        return found

    def evaluate(self, env: Env, plain_on_multivalued: bool = False) -> bool | _Marker:
        """True/False per AWS, or UNKNOWN when the key (or a variable in a value) is unknown."""
        raw = env(self.key_lower)
        if raw is UNKNOWN:
            return UNKNOWN
        if self.family == "null":
            absent = raw is MISSING or raw == ()
            return absent in self._null_expect
        if raw is MISSING or raw == ():
            if self.if_exists or self.set_op == "all":
                return True
            if self.set_op == "any":
                return False
            return self.negated
        if self._templates:
            found = self._predicates(env)
            if found is UNKNOWN:
                return UNKNOWN
            assert not isinstance(found, _Marker)
            predicates: Sequence[Predicate] = found
        else:
            predicates = self._static
        negated = self.negated
        if type(raw) is str:
            for predicate in predicates:
                if predicate(raw):
                    return not negated
            return negated
        set_op = self.set_op
        if set_op is None:
            if not plain_on_multivalued:
                return False  # a plain operator on a multivalued key never matches (spec B.4)
            set_op = "any"
        assert isinstance(raw, tuple)
        results = ((any(p(r) for p in predicates) != negated) for r in raw)
        return any(results) if set_op == "any" else all(results)


def compile_condition(
    block: object, *, variables: bool, policy: str, statement: str
) -> tuple[Clause, ...]:
    """Compile a Condition element into clauses; raises PolicyError on bad operators/values."""
    if not isinstance(block, dict):
        raise PolicyError("Condition must be an object", policy=policy, statement=statement)
    clauses: list[Clause] = []
    for operator, tests in block.items():
        if not isinstance(tests, dict) or not tests:
            raise PolicyError(
                f"condition {operator!r} must map keys to values",
                policy=policy,
                statement=statement,
            )
        for key, raw_values in tests.items():
            values = _condition_values(raw_values, operator, policy, statement)
            clauses.append(
                _compile_clause(str(operator), str(key), values, variables, policy, statement)
            )
    return tuple(clauses)


def _condition_values(
    raw: object, operator: object, policy: str, statement: str
) -> tuple[str, ...]:
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise PolicyError(
            f"condition {operator!r} has an empty value list", policy=policy, statement=statement
        )
    out: list[str] = []
    for item in items:
        if isinstance(item, bool):
            out.append("true" if item else "false")
        elif isinstance(item, str | int | float):
            out.append(str(item))
        else:
            raise PolicyError(
                f"condition {operator!r} has a value that is not a string",
                policy=policy,
                statement=statement,
            )
    return tuple(out)


def _compile_clause(
    operator: str, key: str, values: tuple[str, ...], variables: bool, policy: str, statement: str
) -> Clause:
    name = operator
    set_op: Literal["any", "all"] | None = None
    prefix, sep, rest = operator.partition(":")
    if sep:
        if prefix.lower() == "foranyvalue":
            set_op = "any"
        elif prefix.lower() == "forallvalues":
            set_op = "all"
        else:
            raise PolicyError(
                f"unknown condition operator {operator!r}", policy=policy, statement=statement
            )
        name = rest
    lowered = name.lower()
    if_exists = lowered.endswith("ifexists") and lowered != "ifexists"
    if if_exists:
        lowered = lowered[: -len("ifexists")]
    spec = _OPERATORS.get(lowered)
    if spec is None or (if_exists and lowered == "null"):
        raise PolicyError(
            f"unknown condition operator {operator!r}", policy=policy, statement=statement
        )
    canonical, family, comparison, negated = spec
    static: list[Predicate] = []
    templates: list[Template] = []
    null_expect: set[bool] = set()
    for value in values:
        if family == "null":
            if value.lower() not in ("true", "false"):
                raise PolicyError(
                    f"Null expects true or false, not {value!r}", policy=policy, statement=statement
                )
            null_expect.add(value.lower() == "true")
            continue
        parsed = parse_template(value) if variables and family in _VARIABLE_FAMILIES else value
        if isinstance(parsed, Template):
            templates.append(parsed)
            continue
        predicate = _predicate(family, comparison, parsed)
        if predicate is None:
            raise PolicyError(
                f"{canonical} value {value!r} is not valid", policy=policy, statement=statement
            )
        static.append(predicate)
    return Clause(
        operator=operator,
        key=key,
        values=values,
        canonical=canonical,
        family=family,
        comparison=comparison,
        negated=negated,
        set_op=set_op,
        if_exists=if_exists,
        key_lower=key.lower(),
        _static=tuple(static),
        _templates=tuple(templates),
        _null_expect=frozenset(null_expect),
    )
