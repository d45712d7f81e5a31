"""The projects app's part of the HTTP API, mounted at /api/v1/projects/."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["projects"])
