from __future__ import annotations

import pytest

from brygga.matching.models import AllocationRun, Opportunity, Referral, ReferralStatus
from brygga.people.models import CompetenceProfile
from brygga.taxonomy.models import CompetenceEvidence


@pytest.mark.django_db
def test_demo_world_has_opportunities_profiles_referrals_and_an_allocation() -> None:
    from brygga.devtools.demo import seed

    logins = seed(participants=30)
    assert any("receives referrals" in what for what in logins.values())
    assert Opportunity.objects.filter(organisation__name="Café Bryggan").count() == 2
    assert Opportunity.objects.filter(organisation__kind="employer").count() == 20
    danish = ["Jammerbugt", "Aalborg", "Brovst", "Aabybro"]
    assert Opportunity.objects.filter(municipality__in=danish).exists()
    assert CompetenceEvidence.objects.count() > 10
    assert CompetenceProfile.objects.exclude(hours_available_per_week=None).count() > 5
    assert Referral.objects.filter(status=ReferralStatus.ACCEPTED).count() == 1
    run = AllocationRun.objects.get()
    assert run.assigned > 0
    assert run.results.count() == run.people
