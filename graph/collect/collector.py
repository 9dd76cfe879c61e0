"""The collection itself: identities, the organisation, then every account in parallel.

One failing account or region never loses the rest: it is marked unknown in the document and
reported in :attr:`Collection.problems`.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import boto3

from graph.collect.accounts import Identity, assume_role, caller_identity, secrets_of
from graph.collect.codeartifact import RegionUnreadable, collect_region
from graph.collect.errors import AWS_ERRORS, error_code, error_text, unknown
from graph.collect.iam import authorization_details
from graph.collect.options import (
    Collection,
    CollectOptions,
    Problem,
    ProgressCallback,
    ProgressEvent,
    Stage,
    Status,
    no_progress,
)
from graph.collect.organizations import OrganizationResult, collect_organization
from graph.collect.readonly import ReadOnlyViolation, make_client

# An opt-in region that the account has not enabled answers with one of these.
REGION_NOT_ENABLED = frozenset({"UnrecognizedClientException", "InvalidClientTokenId"})


class CollectError(RuntimeError):
    """Nothing could be collected (no credentials, no region, ...)."""


class SecretLeak(RuntimeError):
    """A credential of the collector was about to be written out (a bug)."""


@dataclass(frozen=True)
class _Base:
    """A session given by the caller and its identity."""

    session: boto3.Session
    identity: Identity
    sts: Any


@dataclass(frozen=True)
class _Target:
    """An account to collect: either through a base session or by a hop from one."""

    account_id: str
    name: str | None
    base: _Base
    hop: bool


@dataclass
class _Secrets:
    """Credential strings seen during the collection (thread-safe)."""

    values: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, *values: str) -> None:
        with self.lock:
            self.values.update(v for v in values if v)


def resolve_regions(session: boto3.Session, options: CollectOptions, partition: str) -> list[str]:
    """The CodeArtifact regions to read, in order, without duplicates."""
    if options.all_regions:
        regions = session.get_available_regions("codeartifact", partition_name=partition)
    elif options.regions:
        regions = list(options.regions)
    elif session.region_name:
        regions = [session.region_name]
    else:
        raise CollectError("no region: pass --region or --all-regions, or set AWS_REGION")
    return list(dict.fromkeys(regions))


def home_region(session: boto3.Session, options: CollectOptions) -> str:
    """The region for the global services (STS, IAM, Organizations)."""
    if session.region_name:
        return str(session.region_name)
    if options.regions:
        return options.regions[0]
    if options.all_regions:
        return "us-east-1"
    raise CollectError("no region: pass --region or --all-regions, or set AWS_REGION")


def _identities(
    sessions: Sequence[boto3.Session], options: CollectOptions, problems: list[Problem]
) -> list[_Base]:
    bases: list[_Base] = []
    for index, session in enumerate(sessions):
        label = session.profile_name if len(sessions) > 1 else "credentials"
        region = home_region(session, options)
        try:
            sts = make_client(session, "sts", region=region, max_attempts=options.max_attempts)
            bases.append(_Base(session, caller_identity(sts), sts))
        except AWS_ERRORS as exc:
            problems.append(
                Problem(f"session {index} ({label})", "sts:GetCallerIdentity", error_text(exc))
            )
    if not bases:
        raise CollectError("no usable credentials: " + "; ".join(str(p) for p in problems))
    return bases


def _organization(
    bases: list[_Base], options: CollectOptions, progress: ProgressCallback
) -> tuple[OrganizationResult, _Base]:
    result = OrganizationResult(None)
    for base in bases:
        region = home_region(base.session, options)
        account = base.identity.account_id

        def throttled(_operation: str, account: str = account) -> None:
            progress(ProgressEvent(account, Stage.ORGANIZATION, Status.THROTTLED))

        client = make_client(
            base.session,
            "organizations",
            region=region,
            max_attempts=options.max_attempts,
            on_throttle=throttled,
        )
        result = collect_organization(client)
        if not result.problems:
            return result, base
    return result, bases[0]


def _targets(
    bases: list[_Base], org: OrganizationResult, org_base: _Base, options: CollectOptions
) -> list[_Target]:
    names = dict(org.active_accounts)
    targets: dict[str, _Target] = {}
    for base in bases:
        account = base.identity.account_id
        targets.setdefault(account, _Target(account, names.get(account), base, hop=False))
    if options.org:
        for account, name in org.active_accounts:
            targets.setdefault(account, _Target(account, name, org_base, hop=True))
    return sorted(targets.values(), key=lambda t: t.account_id)


@dataclass
class _AccountRun:
    """Collects one account; runs in a worker thread."""

    target: _Target
    regions: list[str]
    options: CollectOptions
    progress: ProgressCallback
    secrets: _Secrets
    problems: list[Problem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def _event(self, stage: Stage, status: Status, region: str | None = None) -> None:
        self.progress(ProgressEvent(self.target.account_id, stage, status, region))

    def _unreadable(self, text: str) -> dict[str, Any]:
        return {
            "authorization_details": unknown(text),
            "codeartifact": {region: unknown(text) for region in self.regions},
        }

    def _entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"id": self.target.account_id}
        if self.target.name:
            entry["name"] = self.target.name
        return entry

    def run(self) -> dict[str, Any]:
        try:
            return self._run()
        except ReadOnlyViolation:
            raise  # a bug: stop everything
        except Exception as exc:  # one account's surprise must not lose the other accounts
            text = error_text(exc)
            self.problems.append(Problem(self.target.account_id, "collect", text))
            self._event(Stage.DONE, Status.FAILED)
            return {**self._entry(), **self._unreadable(text)}

    def _run(self) -> dict[str, Any]:
        account = self.target.account_id
        entry = self._entry()
        session = self.target.base.session
        if self.target.hop:
            self._event(Stage.ASSUME_ROLE, Status.STARTED)
            try:
                hop = assume_role(
                    self.target.base.sts,
                    session,
                    account,
                    self.target.base.identity.partition,
                    self.options,
                )
            except AWS_ERRORS as exc:
                text = error_text(exc)
                self.problems.append(Problem(account, "sts:AssumeRole", text))
                self._event(Stage.ASSUME_ROLE, Status.FAILED)
                self._event(Stage.DONE, Status.FAILED)
                return {**entry, **self._unreadable(text)}
            self._event(Stage.ASSUME_ROLE, Status.OK)
            self.secrets.add(*hop.secrets)
            session = hop.session
        entry.update(self._collect(session))
        self._event(Stage.DONE, Status.FAILED if self.problems else Status.OK)
        return entry

    def _client(self, session: boto3.Session, service: str, region: str) -> Any:
        """A guarded client whose throttled calls are reported as progress of the current step."""
        stage = Stage.IAM if service == "iam" else Stage.CODEARTIFACT
        where = None if service == "iam" else region

        def throttled(_operation: str) -> None:
            self._event(stage, Status.THROTTLED, where)

        return make_client(
            session,
            service,
            region=region,
            max_attempts=self.options.max_attempts,
            on_throttle=throttled,
        )

    def _collect(self, session: boto3.Session) -> dict[str, Any]:
        account = self.target.account_id
        self._event(Stage.IAM, Status.STARTED)
        region = home_region(self.target.base.session, self.options)
        iam = self._client(session, "iam", region)
        details, problems = authorization_details(iam, account)
        self.problems.extend(problems)
        self._event(Stage.IAM, Status.FAILED if problems else Status.OK)
        regions: dict[str, Any] = {}
        for region in self.regions:
            self._event(Stage.CODEARTIFACT, Status.STARTED, region)
            try:
                client = self._client(session, "codeartifact", region)
                regions[region], problems = collect_region(client, account, region)
                self.problems.extend(problems)
                self._event(Stage.CODEARTIFACT, Status.FAILED if problems else Status.OK, region)
            except RegionUnreadable as exc:
                if self.options.all_regions and error_code(exc.cause) in REGION_NOT_ENABLED:
                    self.skipped.append(f"{account}/{region}")
                    self._event(Stage.CODEARTIFACT, Status.OK, region)
                    continue
                text = error_text(exc.cause)
                self.problems.append(Problem(f"{account}/{region}", exc.operation, text))
                regions[region] = unknown(text)
                self._event(Stage.CODEARTIFACT, Status.FAILED, region)
            except ReadOnlyViolation:
                raise
            except Exception as exc:  # e.g. an endpoint error or an unexpected response shape
                text = error_text(exc)
                self.problems.append(Problem(f"{account}/{region}", "codeartifact", text))
                regions[region] = unknown(text)
                self._event(Stage.CODEARTIFACT, Status.FAILED, region)
        return {"authorization_details": details, "codeartifact": regions}


def _check_no_secrets(document: dict[str, Any], secrets: set[str]) -> None:
    text = json.dumps(document)
    if any(secret in text for secret in secrets if len(secret) >= 8):
        raise SecretLeak("refusing to return a snapshot that contains a credential")


def collect_document(
    sessions: boto3.Session | Sequence[boto3.Session],
    options: CollectOptions = CollectOptions(),  # noqa: B008 - frozen, so shared safely
    progress: ProgressCallback = no_progress,
    *,
    now: dt.datetime | None = None,
) -> Collection:
    """Collect a snapshot document from AWS, read-only.

    Args:
        sessions: one boto3 session, or one per profile; each names an account.
        options: regions, organisation walk, concurrency.
        progress: called (from worker threads too) as each account and region is read.
        now: the ``generated_at`` time (defaults to the current time).

    Raises:
        CollectError: no session has usable credentials, or no region is known.
    """
    if isinstance(sessions, boto3.Session):
        sessions = [sessions]
    problems: list[Problem] = []
    secrets = _Secrets()
    for session in sessions:
        secrets.add(*secrets_of(session))
    bases = _identities(sessions, options, problems)  # raises if no region is known
    regions = resolve_regions(bases[0].session, options, bases[0].identity.partition)

    first = bases[0].identity.account_id
    progress(ProgressEvent(first, Stage.ORGANIZATION, Status.STARTED))
    org, org_base = _organization(bases, options, progress)
    problems.extend(org.problems)
    status = Status.FAILED if org.problems else Status.OK
    progress(ProgressEvent(first, Stage.ORGANIZATION, status))

    runs = [
        _AccountRun(target, regions, options, progress, secrets)
        for target in _targets(bases, org, org_base, options)
    ]
    with ThreadPoolExecutor(max_workers=max(1, options.max_workers)) as pool:
        accounts = list(pool.map(lambda run: run.run(), runs))
    for run in runs:
        problems.extend(run.problems)

    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    document: dict[str, Any] = {
        "format": "cax-snapshot",
        "version": 1,
        "generated_at": moment.replace(microsecond=0, tzinfo=None).isoformat() + "Z",
        "accounts": accounts,
        "organization": org.value,
    }
    _check_no_secrets(document, secrets.values)
    return Collection(
        document=document,
        problems=tuple(problems),
        skipped=tuple(s for run in runs for s in run.skipped),
        caller_arn=bases[0].identity.arn,
    )
