from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings


def reference_data(name: str) -> Path:
    """A copy of public reference data beside the project (never committed into it).

    Skipped when absent on a developer's machine; in CI (``CI`` set) its absence is a failure.
    """
    path = Path(settings.BASE_DIR).parent / "shared" / "data" / name
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"reference data {path} is missing")
        pytest.skip(f"reference data {path} is absent")
    return path


@pytest.fixture
def esco_dir() -> Path:
    return reference_data("esco-v1.1.1")


@pytest.fixture
def jobtech_file() -> Path:
    return reference_data("jobtech-taxonomy-2020") / "concept-to-taxonomy.json"
