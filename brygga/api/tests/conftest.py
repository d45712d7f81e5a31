"""Shared helpers for the API tests: a JSON caller and bearer tokens."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from brygga.core.models import ApiToken, User


def call(client: Client, method: str, path: str, token: str | None, body: Any = None) -> Any:
    """Call ``/api/v1{path}`` with an optional bearer token and JSON body."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"/api/v1{path}", **kwargs)


@pytest.fixture
def token(alice: User) -> str:
    return ApiToken.issue(alice, "test")[1]


@pytest.fixture
def olga_token(olga: User) -> str:
    return ApiToken.issue(olga, "test")[1]
