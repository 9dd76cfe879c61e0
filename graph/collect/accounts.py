"""Sessions: who the collector is, and how it enters member accounts of an organisation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import boto3

from graph.collect.options import CollectOptions

_ARN = re.compile(r"^arn:(?P<partition>[\w-]+):(?:sts|iam)::(?P<account>\d{12}):")


@dataclass(frozen=True)
class Identity:
    """The result of ``sts:GetCallerIdentity``; the ARN is shown but never written out."""

    account_id: str
    arn: str

    @property
    def partition(self) -> str:
        """``aws``, ``aws-cn`` or ``aws-us-gov``."""
        match = _ARN.match(self.arn)
        return match.group("partition") if match else "aws"


def caller_identity(sts: Any) -> Identity:
    """Who the STS client's credentials belong to (needs no permission)."""
    response = sts.get_caller_identity()
    return Identity(account_id=response["Account"], arn=response["Arn"])


def secrets_of(session: boto3.Session) -> tuple[str, ...]:
    """The session's access key, secret key and token, to make sure none is written out."""
    credentials = session.get_credentials()
    if credentials is None:
        return ()
    frozen = credentials.get_frozen_credentials()
    return tuple(s for s in (frozen.access_key, frozen.secret_key, frozen.token) if s)


def explicit_profile(session: boto3.Session) -> str | None:
    """The session's profile, if it is one from the config files (for region and endpoints)."""
    name = session.profile_name
    return name if name in session.available_profiles else None


@dataclass(frozen=True)
class Hop:
    """A session inside a member account, obtained with ``sts:AssumeRole``."""

    session: boto3.Session
    secrets: tuple[str, ...]


def assume_role(
    sts: Any, base: boto3.Session, account_id: str, partition: str, options: CollectOptions
) -> Hop:
    """Assume ``options.role_name`` in ``account_id`` with the (guarded) STS client ``sts``.

    The new session keeps the base session's profile, so its region and endpoint settings still
    apply; only the credentials change.
    """
    params: dict[str, Any] = {
        "RoleArn": f"arn:{partition}:iam::{account_id}:role/{options.role_name}",
        "RoleSessionName": options.session_name,
    }
    if options.external_id:
        params["ExternalId"] = options.external_id
    credentials = sts.assume_role(**params)["Credentials"]
    session = boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
        region_name=base.region_name,
        profile_name=explicit_profile(base),
    )
    secrets = (
        credentials["AccessKeyId"],
        credentials["SecretAccessKey"],
        credentials["SessionToken"],
    )
    return Hop(session, secrets)
