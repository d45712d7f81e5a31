import hashlib
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction

from brygga.core.models import Organisation, OrganisationKind
from brygga.devtools.demo import ENTERPRISES, seed
from brygga.journeys.models import FollowUp
from brygga.people.identity import parse_identity_number
from brygga.people.models import Participant
from brygga.projects.models import Project

pytestmark = pytest.mark.django_db


def digest() -> str:
    # Identity numbers are stored encrypted (a fresh nonce each time): sort the plain values.
    rows = Participant.objects.values_list(
        "first_name", "last_name", "identity_number", "birth_date"
    )
    return hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def test_the_demo_world_has_what_the_issue_names() -> None:
    seed(participants=60)
    # The foundation's world; the other apps' demo modules add actors of their own
    # (a third municipality for the network, Danish enterprises, support actors).
    municipalities = Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY)
    assert {"Bodens kommun", "Jammerbugt Kommune"} <= set(
        municipalities.values_list("name", flat=True)
    )
    assert set(municipalities.values_list("country", flat=True)) == {"SE", "DK"}
    kinds = Organisation.objects.values_list("kind", flat=True)
    assert list(kinds).count(OrganisationKind.COORDINATION_ASSOCIATION) == 1
    assert Organisation.objects.filter(name__in=ENTERPRISES).count() == 8
    assert Organisation.objects.filter(name__regex=r"^Arbetsgivare [0-9]+ AB$").count() == 20
    assert list(kinds).count(OrganisationKind.EDUCATION_PROVIDER) >= 1
    assert Project.objects.count() == 3
    # 60 of the foundation's; the imports app's demo moves in a spreadsheet of its own.
    assert Participant.objects.count() >= 60
    for p in Participant.objects.exclude(identity_kind=""):
        country = "DK" if p.identity_kind == "dk_cpr" else "SE"
        assert parse_identity_number(p.identity_number, country).birth_date == p.birth_date
    esf = Project.objects.get(diarienummer="23-051-S06")
    assert (esf.nuts2_code, esf.programme_cci, esf.eu_cofinancing_rate) == (
        "SE33",
        "2021SE05SFPR",
        Decimal(40),
    )
    assert esf.owner_org_number == "2220002204" and esf.beneficiary_town == "LULEÅ"
    assert FollowUp.objects.exists()


def test_the_demo_is_deterministic() -> None:
    digests = []
    for _ in range(2):
        with transaction.atomic():
            seed(participants=30)
            digests.append(digest())
            transaction.set_rollback(True)
    assert Participant.objects.count() == 0
    assert digests[0] == digests[1]


def test_the_command_does_nothing_the_second_time(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("seed_demo", "--participants", "5")
    first = Participant.objects.count()
    call_command("seed_demo", "--participants", "5")
    assert "exists already" in capsys.readouterr().out
    assert Participant.objects.count() == first
