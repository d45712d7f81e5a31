"""Fixtures of the projects tests: the seed record and the project owner's admin."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from brygga.core.models import Organisation, Role, User

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
RECORD_SEED = SEEDS / "001_3942beaceb08145e.txt"


@pytest.fixture
def seed_record_text() -> str:
    """The published registry record of 23-051-S06 (from ../shared/seeds)."""
    if not RECORD_SEED.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{RECORD_SEED} is missing (CI is set: the seed test may not skip)")
        pytest.skip(f"{RECORD_SEED} is not here")
    return RECORD_SEED.read_text(encoding="utf-8")


@pytest.fixture
def owen(samordningsforbund: Organisation) -> User:
    """Organisation admin of the project owner (the coordination association)."""
    from conftest import make_user

    return make_user("owen", samordningsforbund, Role.ORG_ADMIN)


@pytest.fixture
def anna(samordningsforbund: Organisation) -> User:
    """Analyst at the project owner."""
    from conftest import make_user

    return make_user("anna", samordningsforbund, Role.ANALYST)
