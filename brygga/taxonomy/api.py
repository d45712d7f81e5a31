"""The taxonomy app's part of the HTTP API, mounted at /api/v1/taxonomy/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["taxonomy"])
