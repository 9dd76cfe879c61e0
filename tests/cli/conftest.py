"""Run `cax` in-process."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from click.testing import CliRunner, Result

from tui.cli import main

Cax = Callable[..., Result]

MATEO_ERROR = (
    "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: "
    "codeartifact:ReadFromRepository on resource: "
    "arn:aws:codeartifact:us-east-1:111111111111:repository/acme/npm-internal "
    "because no identity-based policy allows the codeartifact:ReadFromRepository action"
)


@pytest.fixture
def cax() -> Cax:
    def run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, env=env)

    return run
