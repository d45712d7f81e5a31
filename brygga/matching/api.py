"""The matching app's part of the HTTP API, mounted at /api/v1/matching/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["matching"])
