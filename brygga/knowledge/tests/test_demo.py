from __future__ import annotations

import random
from unittest import mock

import pytest
from django.utils import timezone

from brygga.core.models import Organisation, User
from brygga.devtools.demo import DEMO_PASSWORD, seed
from brygga.enterprises import demo as enterprises_demo
from brygga.enterprises import selectors as enterprise_selectors
from brygga.enterprises.models import (
    EnterpriseProfile,
    GuidanceCase,
    Partnership,
    ProcurementNeed,
    SupportOffer,
    YearFigures,
)
from brygga.knowledge import demo as knowledge_demo
from brygga.knowledge import selectors
from brygga.knowledge.models import Inquiry, Item, Network


def _only_ours(rng: random.Random) -> dict[str, str]:
    """This app's and the enterprises app's demo parts, apart from the other apps'."""
    logins = enterprises_demo.seed_demo(rng)
    logins.update(knowledge_demo.seed_demo(rng))
    return logins


@pytest.mark.django_db(transaction=True)
def test_the_demo_seeds_enterprises_and_knowledge() -> None:
    with mock.patch("brygga.devtools.demo.seed_apps", _only_ours):
        logins = seed(participants=10)
    assert "radgiver.erhvervshus" in logins
    today = timezone.localdate()
    assert EnterpriseProfile.objects.filter(organisation__name="Grön Framtid ASF").exists()
    assert YearFigures.objects.count() >= 11 * 3
    assert {c.stage for c in GuidanceCase.objects.all()} == {
        "idea",
        "pre_start",
        "start_up",
        "established",
        "growing",
    }
    advisor = User.objects.get(username="radgiver.erhvervshus")
    assert advisor.check_password(DEMO_PASSWORD)
    assert enterprise_selectors.stuck(advisor, today)
    assert SupportOffer.objects.filter(country="DK").exists()
    assert SupportOffer.objects.filter(country="SE").exists()
    assert Partnership.objects.count() >= 10
    assert enterprise_selectors.without_business_bridge(today).exists()
    need = ProcurementNeed.objects.get(reserved=True)
    assert enterprise_selectors.matches_for_need(need)
    network = Network.objects.get()
    places = set(network.members.values_list("municipality", flat=True))
    assert {"Boden", "Jammerbugt", "Frederikshavn"} <= places
    assert network.meetings.count() == 4
    languages = set(Item.objects.values_list("translations__language", flat=True))
    assert languages == {"sv", "da", "en"}
    assert Inquiry.objects.filter(answered_at__isnull=False).exists()
    assert Inquiry.objects.filter(answered_at__isnull=True).exists()
    assert selectors.find(advisor, "virksomheder")
    assert Organisation.objects.filter(name="Frederikshavn Kommune").exists()
