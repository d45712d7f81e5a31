from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from brygga.core.errors import DomainError, NotPermitted
from brygga.core.models import Organisation, OrganisationKind, User
from brygga.enterprises import nace, selectors, services
from brygga.enterprises.models import Stage

TODAY = timezone.localdate()


# --- organisation numbers and profiles -------------------------------------------------


def test_swedish_and_danish_numbers_are_validated_and_formatted() -> None:
    assert services.validate_org_number("SE", "556677-8899") == "5566778899"
    assert services.format_org_number("SE", "5566778899") == "556677-8899"
    assert services.validate_org_number("DK", "29189587") == "29189587"
    assert services.validate_org_number("SE", "") == ""
    with pytest.raises(DomainError) as swedish:
        services.validate_org_number("SE", "556677-8898")
    assert swedish.value.field == "org_number"
    with pytest.raises(DomainError):
        services.validate_org_number("DK", "29189588")


def test_staff_save_their_profile(profile: Any, asf: Organisation) -> None:
    asf.refresh_from_db()
    assert asf.org_number == "5566778899"
    assert asf.municipality == "Boden"
    assert profile.sector_codes() == ["01", "81.2"]
    assert [s.name for s in profile.services.all()] == ["Cleaning", "Vegetables"]
    assert profile.is_work_integrating


def test_an_outsider_cannot_edit_a_profile(olga: User, asf: Organisation) -> None:
    with pytest.raises(NotPermitted):
        services.save_profile(olga, asf, services.ProfileData())


def test_an_analyst_cannot_edit_a_profile(bob: User, boden: Organisation) -> None:
    with pytest.raises(NotPermitted):
        services.save_profile(bob, boden, services.ProfileData())


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"org_number": "123"}, "org_number"),
        ({"sectors": ["00"]}, "sectors"),
        ({"sectors": ["81.2.3"]}, "sectors"),
        ({"legal_form": "dk_aps"}, "legal_form"),
        ({"adaptations": ["telepathy"]}, "adaptations"),
        ({"checklist": ["vibes"]}, "checklist"),
    ],
)
def test_bad_profile_input_is_refused_on_its_field(
    charlie: User, asf: Organisation, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(DomainError) as refused:
        services.save_profile(charlie, asf, services.ProfileData(**change))
    assert refused.value.field == field


def test_nace_codes() -> None:
    assert nace.normalise("81.21") == "81.21"
    assert nace.normalise("04") is None  # no division 04
    assert nace.section_of("56") == "I"
    assert nace.related("81", "81.2") == "code"
    assert nace.related("81.2", "82") == "section"
    assert nace.related("81", "56") is None


def test_year_figures_upsert_and_trend(charlie: User, profile: Any) -> None:
    services.record_year(
        charlie, profile, services.YearData(2023, Decimal(400), Decimal(100), Decimal(500))
    )
    services.record_year(
        charlie,
        profile,
        services.YearData(2024, Decimal(600), Decimal(100), Decimal(300), Decimal(0), 5, 12),
    )
    services.record_year(  # a correction replaces the year
        charlie,
        profile,
        services.YearData(2024, Decimal(700), Decimal(100), Decimal(200), Decimal(0), 5, 12),
    )
    independence = selectors.independence_of(profile)
    assert [m.year for m in independence.years] == [2023, 2024]
    assert independence.latest is not None
    assert independence.latest.independence == Decimal("80.0")
    assert independence.trend is not None
    assert independence.trend.points_per_year == Decimal("30.0")


def test_year_figures_refuse_the_future_and_negatives(charlie: User, profile: Any) -> None:
    with pytest.raises(DomainError):
        services.record_year(charlie, profile, services.YearData(TODAY.year + 1))
    with pytest.raises(DomainError):
        services.record_year(charlie, profile, services.YearData(2024, Decimal(-1)))


def test_directory_filters(profile: Any, charlie: User, employer: Organisation) -> None:
    assert selectors.directory(selectors.DirectoryFilter(text="clean")) == [profile]
    assert selectors.directory(selectors.DirectoryFilter(section="N")) == [profile]
    assert selectors.directory(selectors.DirectoryFilter(section="I")) == []
    assert selectors.directory(selectors.DirectoryFilter(work_integrating=True)) == [profile]
    profile.published = False
    profile.save()
    assert selectors.directory(selectors.DirectoryFilter()) == []


# --- guidance ---------------------------------------------------------------------------


@pytest.fixture
def case(erik: User, erhvervshus: Organisation) -> Any:
    return services.open_case(
        erik, erhvervshus, "Café Havnen", Stage.IDEA, TODAY - datetime.timedelta(days=100)
    )


def test_a_case_moves_through_stages_with_history(erik: User, case: Any) -> None:
    services.move_stage(erik, case, Stage.PRE_START, TODAY - datetime.timedelta(days=10))
    assert [c.stage for c in case.stage_changes.all()] == ["idea", "pre_start"]
    with pytest.raises(DomainError):
        services.move_stage(erik, case, Stage.START_UP, TODAY - datetime.timedelta(days=20))


def test_stuck_cases_are_listed_with_their_days(erik: User, case: Any, olga: User) -> None:
    stuck = selectors.stuck(erik, TODAY)
    assert [(s.case, s.days_in_stage) for s in stuck] == [(case, 100)]
    services.move_stage(erik, case, Stage.PRE_START, TODAY)
    assert selectors.stuck(erik, TODAY) == []
    assert selectors.board(olga, TODAY)[0][2] == []


def test_sessions_goals_and_milestones(erik: User, case: Any) -> None:
    session = services.add_session(erik, case, TODAY, "Business model", "notes", "Draft budget")
    assert session.next_step == "Draft budget"
    goal = services.add_goal(erik, case, "First customer", TODAY + datetime.timedelta(days=90))
    milestone = services.add_milestone(erik, goal, "Offer sent", TODAY)
    services.complete_milestone(erik, milestone, TODAY)
    assert milestone.done_on == TODAY
    with pytest.raises(DomainError):
        services.add_session(erik, case, TODAY - datetime.timedelta(days=500), "Too early")


def test_the_enterprise_reads_but_does_not_change_its_case(
    erik: User, erhvervshus: Organisation, charlie: User, asf: Organisation
) -> None:
    case = services.open_case(erik, erhvervshus, "Grön", Stage.GROWING, TODAY, enterprise=asf)
    assert selectors.get_case_for(charlie, case.pk) == case
    assert not selectors.can_advise(charlie, case)
    with pytest.raises(NotPermitted):
        services.add_session(charlie, case, TODAY, "Own notes")


def test_an_outsider_cannot_open_a_case(olga: User, erhvervshus: Organisation) -> None:
    with pytest.raises(NotPermitted):
        services.open_case(olga, erhvervshus, "X", Stage.IDEA, TODAY)


# --- support map --------------------------------------------------------------------------


def _offer(erik: User, erhvervshus: Organisation, **change: Any) -> Any:
    data: dict[str, Any] = {
        "actor_kind": "business_development",
        "title": "Start-up guidance",
        "description": "Free guidance for social entrepreneurs.",
        "stages": ["idea", "pre_start"],
        "needs": ["business_plan"],
        "country": "DK",
    }
    data.update(change)
    return services.save_support_offer(erik, erhvervshus, services.SupportData(**data))


def test_fitting_support_ranks_the_need_first(erik: User, erhvervshus: Organisation) -> None:
    general = _offer(erik, erhvervshus)
    loans = _offer(erik, erhvervshus, title="Micro loans", needs=["funding"])
    local = _offer(
        erik, erhvervshus, title="Premises", needs=["premises"], municipalities="Hjørring"
    )
    fits = selectors.fitting_support("idea", "funding", "DK", "Jammerbugt")
    assert [f.offer for f in fits] == [loans, general]
    assert local not in [f.offer for f in selectors.fitting_support("idea", "", "DK", "Aalborg")]
    assert [f.offer for f in selectors.fitting_support("growing", "", "DK", "")] == []
    assert selectors.fitting_support("idea", "", "SE", "") == []


def test_support_offers_are_checked(erik: User, erhvervshus: Organisation, olga: User) -> None:
    with pytest.raises(DomainError) as refused:
        _offer(erik, erhvervshus, stages=[])
    assert refused.value.field == "stages"
    with pytest.raises(NotPermitted):
        services.save_support_offer(
            olga, erhvervshus, services.SupportData("bank", "t", "d", ["idea"], ["funding"], "DK")
        )


# --- partnerships -----------------------------------------------------------------------


def test_partnerships_graph_and_the_unbridged(
    charlie: User, asf: Organisation, employer: Organisation, boden: Organisation
) -> None:
    other = Organisation.objects.create(name="Café", kind=OrganisationKind.SOCIAL_ENTERPRISE)
    services.save_partnership(
        charlie,
        services.PartnershipData(asf, boden, "reserved_contract", TODAY, value=Decimal(150000)),
    )
    assert set(selectors.without_business_bridge(TODAY)) == {asf, other}
    services.save_partnership(charlie, services.PartnershipData(asf, employer, "mentoring", TODAY))
    assert list(selectors.without_business_bridge(TODAY)) == [other]
    graph = selectors.graph(TODAY)
    assert {n.organisation for n in graph.nodes} == {asf, employer, boden}
    assert len(graph.edges) == 2
    assert all(0 <= n.x <= graph.size and 0 <= n.y <= graph.size for n in graph.nodes)


def test_a_partnership_is_recorded_only_by_a_party(
    olga: User, charlie: User, asf: Organisation, employer: Organisation
) -> None:
    with pytest.raises(NotPermitted):
        services.save_partnership(olga, services.PartnershipData(asf, employer, "mentoring", TODAY))
    with pytest.raises(DomainError):
        services.save_partnership(
            charlie,
            services.PartnershipData(
                asf, employer, "mentoring", TODAY, TODAY - datetime.timedelta(days=1)
            ),
        )
    with pytest.raises(DomainError):
        services.save_partnership(
            charlie, services.PartnershipData(employer, asf, "mentoring", TODAY)
        )


def test_ended_partnerships_are_no_bridge(
    charlie: User, asf: Organisation, employer: Organisation
) -> None:
    services.save_partnership(
        charlie,
        services.PartnershipData(
            asf,
            employer,
            "mentoring",
            TODAY - datetime.timedelta(days=400),
            TODAY - datetime.timedelta(days=30),
        ),
    )
    assert asf in selectors.without_business_bridge(TODAY)


# --- procurement -----------------------------------------------------------------------


def test_need_lists_fitting_enterprises_with_why(
    adam: User, boden: Organisation, profile: Any, charlie: User
) -> None:
    other = Organisation.objects.create(name="Café", kind=OrganisationKind.SOCIAL_ENTERPRISE)
    services.save_profile(_staff(other), other, services.ProfileData(sectors=["56"]))
    need = services.post_need(
        adam,
        boden,
        services.NeedData(
            title="Office cleaning",
            services="cleaning, window cleaning",
            start_date=TODAY,
            sector_codes=["81.21"],
            municipality="Boden",
            volume=4,
        ),
    )
    matches = selectors.matches_for_need(need)
    assert [m.profile for m in matches] == [profile]
    reasons = matches[0].reasons
    assert "Works in sector 81.2" in reasons
    assert "Offers Cleaning" in reasons
    assert "Located in Boden" in reasons
    assert "Has room for 6 placements" in reasons


def test_a_reserved_contract_takes_only_work_integrating_enterprises(
    adam: User, boden: Organisation, profile: Any, charlie: User, asf: Organisation
) -> None:
    need = services.post_need(
        adam,
        boden,
        services.NeedData("Cleaning", "cleaning", TODAY, reserved=True),
    )
    assert len(selectors.matches_for_need(need)) == 1
    services.save_profile(
        charlie,
        asf,
        services.ProfileData(org_number="5566778899", services=["Cleaning"], checklist=["purpose"]),
    )
    assert selectors.matches_for_need(need) == []


def test_needs_are_checked(
    adam: User, boden: Organisation, charlie: User, asf: Organisation
) -> None:
    with pytest.raises(DomainError):
        services.post_need(adam, boden, services.NeedData("Nothing", "", TODAY))
    with pytest.raises(DomainError):
        services.post_need(charlie, asf, services.NeedData("Own", "cleaning", TODAY))


def _staff(organisation: Organisation) -> User:
    from conftest import make_user

    return make_user(f"staff{organisation.pk}", organisation, "enterprise_staff")
