"""The enterprises fixtures serve the knowledge tests too."""

from brygga.enterprises.tests.conftest import (  # noqa: F401
    alice_token,
    charlie_token,
    employer,
    english,
    erhvervshus,
    erik,
    erik_token,
    olga_token,
    profile,
)
