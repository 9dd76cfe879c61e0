"""Terminal escape injection: AWS strings reach the terminal with control characters visible,
and `--json` keeps them exact."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cli.conftest import Cax
from tests.hostile import CLEAR, CONDITION, OSC52, RAW, SID, USER, hostile_document, write_hostile


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(write_hostile(tmp_path_factory.mktemp("hostile") / "hostile.json"))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return [s for item in items for s in _strings(item)]


def _clean(text: str) -> None:
    for char in RAW:
        assert char not in text, f"raw {char!r} in output"
    assert "\r" not in text


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("who-can", "read", "acme/npm-internal"), ["user/eve\\x1b[2J", "vpce-1\\x0d\\x0aclick"]),
        (("search", "eve"), ["eve\\x1b[2J"]),
        (("can", "arn:aws:iam::111111111111:user/eve\x1b[2J", "read", "acme/npm-internal"), []),
        (
            ("explain", "arn:aws:iam::111111111111:user/eve\x1b[2J", "read", "acme/npm-internal"),
            ["Read\\x1b]52;c;ZXZpbA==\\x07", "p\\x1b]8;;https://evil.example/"],
        ),
        (("can", "user/eve", "read", "acme/npm-internal"), ["closest: user/eve\\x1b[2J"]),
    ],
)
def test_aws_strings_are_shown_with_control_characters_visible(
    cax: Cax, hostile: str, args: tuple[str, ...], shown: list[str]
) -> None:
    result = cax(*args, "--snapshot", hostile)
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 1, 2, 3), output
    _clean(output)
    for text in shown:
        assert text in output.replace("\n", ""), text


def test_validate_shows_load_warnings_visibly(cax: Cax, hostile: str) -> None:
    result = cax("validate", hostile)
    assert result.exit_code == 0
    assert "Tags[1].Value: a NUL character replaced by \\x00" in result.stdout
    assert "a lone surrogate U+D800 replaced by \\ud800" in result.stdout
    _clean(result.stdout)


def test_json_output_stays_exact(cax: Cax, hostile: str) -> None:
    result = cax("who-can", "read", "acme/npm-internal", "--json", "--snapshot", hostile)
    assert result.exit_code == 0
    _clean(result.stdout)  # JSON escapes: nothing raw on the terminal
    reaches = json.loads(result.stdout)["reaches"]
    eve = next(r for r in reaches if r["principal"].endswith(USER))
    assert eve["conditions"] == [f"aws:SourceVpce StringEquals {CONDITION}"]
    explained = cax(
        "explain",
        f"arn:aws:iam::111111111111:user/{USER}",
        "read",
        "acme/npm-internal",
        "--json",
        "--snapshot",
        hostile,
    )
    assert any(SID in text for text in _strings(json.loads(explained.stdout)))
    assert OSC52 in SID and CLEAR in USER


def test_markup_in_names_stays_text(cax: Cax, tmp_path: Path) -> None:
    from tests.hostile import hostile_document

    document = hostile_document()
    for account in document["accounts"]:
        if account["id"] == "111111111111":
            account["name"] = "[link=https://evil.example]shared[/link]"
    path = tmp_path / "markup.json"
    path.write_text(json.dumps(document))
    result = cax("who-can", "read", "acme/npm-internal", "--snapshot", str(path))
    assert "\x1b]8" not in result.stdout


_PIECES = st.sampled_from(["\x1b", "\x00", "\r", "\n", "\ud800", "\u202e", "\x9b", "\x07", "["])
_TEXT = st.lists(
    st.one_of(_PIECES, st.characters(exclude_categories=())), min_size=1, max_size=8
).map("".join)


@settings(max_examples=10, deadline=None)
@given(user=_TEXT.filter(lambda t: not {"/", ":"} & set(t)), sid=_TEXT, condition=_TEXT)
def test_arbitrary_unicode_never_reaches_the_terminal_raw(
    user: str, sid: str, condition: str
) -> None:
    from click.testing import CliRunner

    from tui.cli import main

    document = hostile_document(user=user, sid=sid, condition=condition, tag=sid, small=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.json"
        path.write_text(json.dumps(document))
        arn = f"arn:aws:iam::111111111111:user/{user}"
        for args in (
            ("who-can", "read", "acme/npm-internal"),
            ("search", "e"),
            ("explain", arn, "read", "acme/npm-internal"),
            ("can", arn, "read", "acme/npm-internal"),
        ):
            result = CliRunner().invoke(main, [*args, "--snapshot", str(path)])
            assert result.exit_code in (0, 1, 2, 3, 4), result.output
            _clean(result.stdout + result.stderr)
            machine = CliRunner().invoke(main, [*args, "--json", "--snapshot", str(path)])
            if machine.exit_code in (0, 1, 3, 4) and machine.stdout:
                json.loads(machine.stdout)
                _clean(machine.stdout)
