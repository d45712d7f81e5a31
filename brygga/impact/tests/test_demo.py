"""The impact part of the demo world."""

from __future__ import annotations

import pytest

from brygga.impact.models import Basis, ParameterOverride, ResultStatus, Scenario

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_an_own_copy_and_two_computed_scenarios() -> None:
    from brygga.devtools.demo import seed

    logins = seed(participants=30)
    assert "analytiker.boden" in logins
    override = ParameterOverride.objects.get()
    organisation = override.parameter_set.organisation
    assert organisation is not None and organisation.name == "Bodens kommun"
    assert override.name == "income_support_per_household_year" and override.reason
    scenarios = Scenario.objects.filter(organisation__name="Bodens kommun")
    assert {s.basis for s in scenarios} == {Basis.ASSUMPTIONS, Basis.RECORDS}
    records = scenarios.get(basis=Basis.RECORDS)
    assert records.project is not None and records.project.diarienummer == "23-051-S06"
    for scenario in scenarios:
        result = scenario.latest_result()
        assert result is not None and result.status == ResultStatus.DONE
    data = records.latest_result().data  # type: ignore[union-attr]
    assert data["records"]["persons"] >= 1
    assert data["monte_carlo"]["varied"] == ["deadweight", "persistence"]
