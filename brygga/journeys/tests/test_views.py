"""The journey pages: forms, the follow-up list, the timeline, and who may see them."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from pytest_django import DjangoAssertNumQueries

from brygga.core.models import Organisation, User
from brygga.journeys import services
from brygga.journeys.models import AssessmentScale, Enrolment, FollowUp, FollowUpKind
from brygga.people.models import Participant
from brygga.projects.models import Project

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

D = datetime.date


@pytest.fixture
def as_alice(client: Client, alice: User) -> Client:
    client.force_login(alice)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def distance_to_work(db: None) -> AssessmentScale:
    return AssessmentScale.objects.get(organisation=None, name="Distance to work")


@pytest.fixture
def follow_up(alice: User, enrolment: Enrolment) -> FollowUp:
    """The 28-day follow-up of an exit 20 days ago: due in 8 days."""
    exit_date = timezone.localdate() - datetime.timedelta(days=20)
    exited = services.exit_enrolment(alice, enrolment, exit_date, "work")
    return exited.follow_ups.get(kind=FollowUpKind.DAYS_28)


def participant_url(participant: Participant) -> str:
    return reverse("people:participant_detail", kwargs={"pk": participant.pk})


def assert_back_on_participant_page(response: Response, participant: Participant) -> None:
    assert response.status_code == 302
    assert response["Location"] == participant_url(participant)
    assert len(list(get_messages(response.wsgi_request))) == 1


def assert_field_error(response: Response, field: str) -> None:
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert escape(errors[field][0]) in response.content.decode()


# --- enrol ------------------------------------------------------------------------


def test_enrol_page_offers_the_projects_of_the_users_organisation(
    as_alice: Client, participant: Participant, project: Project, jammerbugt: Organisation
) -> None:
    Project.objects.create(owner=jammerbugt, name="Vejen til job", start_date=D(2024, 1, 1))
    response = as_alice.get(reverse("journeys:enrol", args=[participant.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert project.name in content
    assert "Vejen til job" not in content
    assert 'type="date"' in content


def test_enrol_enrols_and_returns_to_the_participant(
    as_alice: Client, participant: Participant, project: Project
) -> None:
    response = as_alice.post(
        reverse("journeys:enrol", args=[participant.pk]),
        {"project": project.pk, "entry_date": "2024-03-01", "income_sources_before": ["salary"]},
    )
    assert_back_on_participant_page(response, participant)
    enrolment = participant.enrolments.get()
    assert (enrolment.project, enrolment.entry_date) == (project, D(2024, 3, 1))
    assert enrolment.income_sources_before == ["salary"]


def test_enrol_shows_the_services_refusal_at_the_field(
    as_alice: Client, participant: Participant, project: Project
) -> None:
    response = as_alice.post(
        reverse("journeys:enrol", args=[participant.pk]),
        {"project": project.pk, "entry_date": "2024-01-01"},
    )
    assert_field_error(response, "entry_date")
    assert not participant.enrolments.exists()


# --- activities -------------------------------------------------------------------


def test_activity_page_offers_types_and_providers(
    as_alice: Client, enrolment: Enrolment, asf: Organisation
) -> None:
    response = as_alice.get(reverse("journeys:activity_add", args=[enrolment.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Work practice" in content
    assert escape(asf.name) in content


def test_activity_is_added(as_alice: Client, enrolment: Enrolment, asf: Organisation) -> None:
    response = as_alice.post(
        reverse("journeys:activity_add", args=[enrolment.pk]),
        {
            "kind": "work_practice",
            "provider": asf.pk,
            "start_date": "2024-04-01",
            "hours_per_week": "20",
            "note": "Café",
        },
    )
    assert_back_on_participant_page(response, enrolment.participant)
    activity = enrolment.activities.get()
    assert (activity.kind, activity.provider, activity.end_date) == ("work_practice", asf, None)


def test_activity_ending_before_it_starts_shows_an_error(
    as_alice: Client, enrolment: Enrolment
) -> None:
    response = as_alice.post(
        reverse("journeys:activity_add", args=[enrolment.pk]),
        {"kind": "training", "start_date": "2024-04-02", "end_date": "2024-04-01"},
    )
    assert_field_error(response, "end_date")
    assert not enrolment.activities.exists()


# --- progress ---------------------------------------------------------------------


def test_assessment_page_shows_the_steps_of_the_scale(
    as_alice: Client, enrolment: Enrolment, distance_to_work: AssessmentScale
) -> None:
    response = as_alice.get(reverse("journeys:assessment_add", args=[enrolment.pk]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "1 – Far from work" in content
    assert "5 – Work-ready" in content


def test_assessment_page_offers_the_steps_of_the_chosen_scale(
    as_alice: Client, enrolment: Enrolment, boden: Organisation
) -> None:
    own = AssessmentScale.objects.create(organisation=boden, name="Boden", steps=["Low", "High"])
    url = reverse("journeys:assessment_add", args=[enrolment.pk])
    content = as_alice.get(url, {"scale": own.pk}).content.decode()
    assert "2 – High" in content
    assert "Far from work" not in content


def test_assessment_is_recorded(
    as_alice: Client, enrolment: Enrolment, distance_to_work: AssessmentScale
) -> None:
    response = as_alice.post(
        reverse("journeys:assessment_add", args=[enrolment.pk]),
        {"scale": distance_to_work.pk, "assessed_on": "2024-04-01", "step": "3"},
    )
    assert_back_on_participant_page(response, enrolment.participant)
    assert enrolment.assessments.get().step == 3


def test_assessment_before_the_entry_shows_an_error(
    as_alice: Client, enrolment: Enrolment, distance_to_work: AssessmentScale
) -> None:
    response = as_alice.post(
        reverse("journeys:assessment_add", args=[enrolment.pk]),
        {"scale": distance_to_work.pk, "assessed_on": "2024-02-01", "step": "3"},
    )
    assert_field_error(response, "assessed_on")


# --- exit -------------------------------------------------------------------------


def test_exit_page_offers_the_outcomes(as_alice: Client, enrolment: Enrolment) -> None:
    response = as_alice.get(reverse("journeys:exit", args=[enrolment.pk]))
    assert response.status_code == 200
    assert "Self-employment" in response.content.decode()


def test_exit_is_recorded_with_its_follow_ups(as_alice: Client, enrolment: Enrolment) -> None:
    response = as_alice.post(
        reverse("journeys:exit", args=[enrolment.pk]),
        {
            "exit_date": "2024-08-31",
            "exit_outcome": "studies",
            "qualification_gained": "on",
            "income_sources_after": ["study_support"],
        },
    )
    assert_back_on_participant_page(response, enrolment.participant)
    enrolment.refresh_from_db()
    assert (enrolment.exit_date, enrolment.exit_outcome) == (D(2024, 8, 31), "studies")
    assert enrolment.qualification_gained
    assert enrolment.follow_ups.count() == 2


def test_exit_before_the_entry_shows_an_error(as_alice: Client, enrolment: Enrolment) -> None:
    response = as_alice.post(
        reverse("journeys:exit", args=[enrolment.pk]),
        {"exit_date": "2024-02-01", "exit_outcome": "work"},
    )
    assert_field_error(response, "exit_date")
    enrolment.refresh_from_db()
    assert enrolment.is_open


# --- follow-ups -------------------------------------------------------------------


def test_follow_up_list_shows_a_due_follow_up(as_alice: Client, follow_up: FollowUp) -> None:
    response = as_alice.get(reverse("journeys:follow_up_list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert [(row.pk, status.value) for row, status in response.context["rows"]] == [
        (follow_up.pk, "due")
    ]
    assert "Sara Lind" in content
    assert '<span class="badge status-due">Due</span>' in content
    assert reverse("journeys:follow_up_complete", args=[follow_up.pk]) in content


@pytest.mark.parametrize(("state", "kinds"), [("upcoming", ["m6"]), ("done", [])])
def test_follow_up_list_filters_by_state(
    as_alice: Client, follow_up: FollowUp, state: str, kinds: list[str]
) -> None:
    response = as_alice.get(reverse("journeys:follow_up_list"), {"state": state})
    assert [row.kind for row, _status in response.context["rows"]] == kinds


def test_follow_up_page_asks_about_a_better_situation_only_at_6_months(
    as_alice: Client, follow_up: FollowUp
) -> None:
    url = reverse("journeys:follow_up_complete", args=[follow_up.pk])
    assert "better_situation" not in as_alice.get(url).content.decode()
    later = follow_up.enrolment.follow_ups.get(kind=FollowUpKind.MONTHS_6)
    url = reverse("journeys:follow_up_complete", args=[later.pk])
    assert "better_situation" in as_alice.get(url).content.decode()


def test_follow_up_is_recorded(as_alice: Client, follow_up: FollowUp) -> None:
    response = as_alice.post(
        reverse("journeys:follow_up_complete", args=[follow_up.pk]),
        {"completed_on": timezone.localdate().isoformat(), "situation": "work", "note": "Job"},
    )
    assert_back_on_participant_page(response, follow_up.enrolment.participant)
    follow_up.refresh_from_db()
    assert (follow_up.situation, follow_up.note) == ("work", "Job")
    page = as_alice.get(reverse("journeys:follow_up_list"), {"state": "done"})
    assert '<span class="badge status-done">Done</span>' in page.content.decode()


def test_a_done_follow_up_shows_what_was_recorded(
    alice: User, as_alice: Client, follow_up: FollowUp
) -> None:
    services.complete_follow_up(alice, follow_up, timezone.localdate(), "studies", None, "Komvux")
    response = as_alice.get(reverse("journeys:follow_up_complete", args=[follow_up.pk]))
    content = response.content.decode()
    assert "Komvux" in content
    assert 'name="completed_on"' not in content


def test_follow_up_before_the_exit_shows_an_error(as_alice: Client, follow_up: FollowUp) -> None:
    response = as_alice.post(
        reverse("journeys:follow_up_complete", args=[follow_up.pk]),
        {"completed_on": "2024-03-01", "situation": "work"},
    )
    assert_field_error(response, "completed_on")


# --- the timeline on the participant page -----------------------------------------


def test_timeline_shows_the_journey_in_date_order(
    alice: User,
    participant: Participant,
    enrolment: Enrolment,
    distance_to_work: AssessmentScale,
    asf: Organisation,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    services.record_assessment(alice, enrolment, distance_to_work, D(2024, 3, 15), 2)
    services.add_activity(alice, enrolment, "work_practice", D(2024, 4, 1), provider=asf)
    services.exit_enrolment(alice, enrolment, D(2024, 8, 31), "work")
    request = RequestFactory().get("/")
    request.user = alice

    with django_assert_max_num_queries(7):
        html = render_to_string(
            "journeys/participant_journeys.html",
            {"participant": participant},
            request=request,
        )

    timeline = html[html.index('<ol class="timeline"') : html.index("</ol>")]
    order = [
        '<time datetime="2024-03-01"',
        '<time datetime="2024-03-15"',
        '<time datetime="2024-04-01"',
        '<time datetime="2024-08-31"',
        '<time datetime="2024-09-28"',
        '<time datetime="2025-02-28"',
    ]
    positions = [timeline.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert escape(asf.name) in html
    assert reverse("journeys:enrol", args=[participant.pk]) in html
    # The enrolment is closed: no more activities or exit, but follow-ups to record.
    assert reverse("journeys:exit", args=[enrolment.pk]) not in html
    for task in enrolment.follow_ups.all():
        assert reverse("journeys:follow_up_complete", args=[task.pk]) in html


def test_timeline_offers_the_actions_of_an_open_enrolment(
    alice: User, participant: Participant, enrolment: Enrolment
) -> None:
    request = RequestFactory().get("/")
    request.user = alice
    html = render_to_string(
        "journeys/participant_journeys.html", {"participant": participant}, request=request
    )
    for name in ("activity_add", "assessment_add", "exit"):
        assert reverse(f"journeys:{name}", args=[enrolment.pk]) in html


# --- who may see the pages --------------------------------------------------------


def journey_urls(enrolment: Enrolment, follow_up: FollowUp) -> list[str]:
    return [
        reverse("journeys:enrol", args=[enrolment.participant.pk]),
        reverse("journeys:activity_add", args=[enrolment.pk]),
        reverse("journeys:assessment_add", args=[enrolment.pk]),
        reverse("journeys:exit", args=[enrolment.pk]),
        reverse("journeys:follow_up_complete", args=[follow_up.pk]),
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_outsider_gets_404_on_every_journey_page(
    client: Client, olga: User, follow_up: FollowUp, method: str
) -> None:
    client.force_login(olga)
    for url in journey_urls(follow_up.enrolment, follow_up):
        response = getattr(client, method)(url, {"entry_date": "2024-04-01"})
        assert response.status_code == 404, url
    assert not follow_up.enrolment.activities.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_analyst_gets_404_on_every_journey_page(
    client: Client, bob: User, follow_up: FollowUp, method: str
) -> None:
    client.force_login(bob)
    for url in journey_urls(follow_up.enrolment, follow_up):
        assert getattr(client, method)(url).status_code == 404, url


def test_an_outsider_sees_no_follow_ups_of_others(
    client: Client, olga: User, follow_up: FollowUp
) -> None:
    client.force_login(olga)
    for state in ("due", "upcoming", "done"):
        response = client.get(reverse("journeys:follow_up_list"), {"state": state})
        assert response.status_code == 200
        assert response.context["rows"] == []
        assert "Sara Lind" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client: Client, follow_up: FollowUp) -> None:
    urls = [*journey_urls(follow_up.enrolment, follow_up), reverse("journeys:follow_up_list")]
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))
