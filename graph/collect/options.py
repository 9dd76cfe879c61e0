"""What the collector is asked to do, what it reports while it works, and what it hands back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class CollectOptions:
    """Options of one collection.

    Attributes:
        regions: CodeArtifact regions to read. Empty means the session's region.
        all_regions: read every region where CodeArtifact is offered (overrides ``regions``).
        org: walk the organisation and assume ``role_name`` in every member account.
        role_name: the role assumed in member accounts with ``org``.
        external_id: passed to ``sts:AssumeRole`` when set.
        max_workers: accounts collected at the same time.
        max_attempts: botocore attempts per call (adaptive retry mode).
        session_name: the ``RoleSessionName`` of the hops, for CloudTrail; never written out.
    """

    regions: tuple[str, ...] = ()
    all_regions: bool = False
    org: bool = False
    role_name: str = "OrganizationAccountAccessRole"
    external_id: str | None = None
    max_workers: int = 4
    max_attempts: int = 10
    session_name: str = "cax-collect"


class Stage(Enum):
    """A step of one account's collection, as reported to the progress callback."""

    ASSUME_ROLE = "assume role"
    IAM = "iam"
    CODEARTIFACT = "codeartifact"
    ORGANIZATION = "organizations"
    DONE = "done"


class Status(Enum):
    """Where a step is."""

    STARTED = "started"
    OK = "ok"
    FAILED = "failed"
    THROTTLED = "throttled"
    """Still going: AWS throttles the calls and botocore is backing off (adaptive retries)."""


@dataclass(frozen=True)
class ProgressEvent:
    """One step started or ended; ``region`` is set for CodeArtifact steps."""

    account: str
    stage: Stage
    status: Status = Status.STARTED
    region: str | None = None

    @property
    def finished(self) -> bool:
        """Whether the step has ended (well or not)."""
        return self.status in (Status.OK, Status.FAILED)


ProgressCallback = Callable[[ProgressEvent], None]


def no_progress(_: ProgressEvent) -> None:
    """The default progress callback: report nothing."""


@dataclass(frozen=True)
class Problem:
    """Something the collector could not read; it is marked unknown in the document.

    Attributes:
        scope: where, e.g. ``111111111111/us-east-1/domain acme``, ``organization``.
        operation: the AWS operation that failed, e.g. ``codeartifact:ListDomains``.
        error: the error text written into the ``$unknown`` marker.
    """

    scope: str
    operation: str
    error: str

    def __str__(self) -> str:
        return f"{self.scope}: {self.operation}: {self.error}"


@dataclass(frozen=True)
class Collection:
    """The result of a collection: the snapshot document and what could not be read.

    Attributes:
        document: the snapshot, version 1, as a JSON-able dict.
        problems: everything marked unknown, and every account or region that failed.
        skipped: regions skipped because they are not enabled for the account.
        caller_arn: the identity that ran the collection (shown, never written out).
    """

    document: dict[str, Any]
    problems: tuple[Problem, ...] = ()
    skipped: tuple[str, ...] = ()
    caller_arn: str = field(default="", repr=False)

    @property
    def complete(self) -> bool:
        """Whether everything was read."""
        return not self.problems
