from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from brygga.core.models import Organisation, User
from brygga.enterprises import services
from brygga.enterprises.models import GuidanceCase, Partnership, ProcurementNeed, Stage
from conftest import PASSWORD

TODAY = timezone.localdate()


def login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def case(erik: User, erhvervshus: Organisation) -> GuidanceCase:
    case = services.open_case(
        erik, erhvervshus, "Café Havnen", Stage.IDEA, TODAY - datetime.timedelta(days=200)
    )
    goal = services.add_goal(erik, case, "First customer")
    services.add_milestone(erik, goal, "Offer sent", TODAY)
    return case


@pytest.fixture
def partnership(charlie: User, asf: Organisation, employer: Organisation) -> Partnership:
    return services.save_partnership(
        charlie, services.PartnershipData(asf, employer, "placement_agreement", TODAY)
    )


@pytest.fixture
def need(adam: User, boden: Organisation) -> ProcurementNeed:
    return services.post_need(
        adam, boden, services.NeedData("Office cleaning", "cleaning", TODAY, ["81.2"])
    )


# --- public pages ------------------------------------------------------------------------


def test_directory_and_profile_are_public(client: Client, profile: Any) -> None:
    page = client.get(reverse("enterprises:directory"), {"q": "clean"})
    assert page.status_code == 200
    assert "Grön Framtid ASF" in page.content.decode()
    detail = client.get(reverse("enterprises:profile", args=[profile.pk]))
    assert detail.status_code == 200
    assert "556677-8899" in detail.content.decode()
    assert "Edit profile" not in detail.content.decode()


def test_public_pages_speak_swedish_by_default(client: Client, profile: Any) -> None:
    del client.cookies["django_language"]
    page = client.get(reverse("enterprises:directory")).content.decode()
    assert "Företagskatalog" in page
    assert "Arbetsintegrerande" in page


def test_an_unpublished_profile_is_hidden_from_the_public(
    client: Client, profile: Any, charlie: User
) -> None:
    profile.published = False
    profile.save()
    assert client.get(reverse("enterprises:profile", args=[profile.pk])).status_code == 404
    assert (
        login(client, charlie).get(reverse("enterprises:profile", args=[profile.pk])).status_code
        == 200
    )


def test_support_map_answers_three_questions(
    client: Client, erik: User, erhvervshus: Organisation
) -> None:
    services.save_support_offer(
        erik,
        erhvervshus,
        services.SupportData(
            "business_development", "Start-up guidance", "Free.", ["idea"], ["business_plan"], "DK"
        ),
    )
    page = client.get(
        reverse("enterprises:support_map"),
        {"stage": "idea", "need": "business_plan", "country": "DK", "municipality": ""},
    )
    assert page.status_code == 200
    assert "Start-up guidance" in page.content.decode()
    none = client.get(reverse("enterprises:support_map"), {"stage": "growing", "country": "DK"})
    assert "Start-up guidance" not in none.content.decode()
    overview = client.get(reverse("enterprises:support_map")).content.decode()
    assert "Who offers what" in overview
    assert "Start-up guidance" in overview
    assert "A business plan" in overview


# --- staff pages ------------------------------------------------------------------------


def test_staff_edit_their_profile(client: Client, charlie: User, asf: Organisation) -> None:
    login(client, charlie)
    url = reverse("enterprises:profile_edit", args=[asf.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"org_number": "123", "placements": 1, "supervisors": 1})
    assert bad.status_code == 200
    assert "not a valid Swedish organisation number" in bad.content.decode()
    good = client.post(
        url,
        {
            "org_number": "5566778899",
            "placements": 3,
            "supervisors": 1,
            "sectors": "81.2, 56",
            "services": "Cleaning\nLunch",
            "checklist": ["purpose"],
            "published": "on",
        },
    )
    assert good.status_code == 302
    asf.refresh_from_db()
    assert asf.enterprise_profile.placements == 3
    assert asf.org_number == "5566778899"
    years = client.post(
        reverse("enterprises:year_add", args=[asf.pk]),
        {
            "year": 2024,
            "private_sales": 800,
            "public_sales": 0,
            "grants": 200,
            "wage_subsidies": 0,
            "employees": 3,
            "participants": 9,
        },
    )
    assert years.status_code == 302
    assert re.search(r"80[.,]0 %", client.get(years["Location"]).content.decode())


def test_the_guidance_board_shows_who_is_stuck(client: Client, erik: User, case: Any) -> None:
    page = login(client, erik).get(reverse("enterprises:board"))
    assert page.status_code == 200
    content = page.content.decode()
    assert "Café Havnen" in content
    assert "200" in content


def test_an_advisor_records_on_a_case(client: Client, erik: User, case: Any) -> None:
    login(client, erik)
    url = reverse("enterprises:case", args=[case.pk])
    assert client.get(url).status_code == 200
    moved = client.post(
        url, {"action": "stage", "stage-stage": "pre_start", "stage-changed_on": TODAY}
    )
    assert moved.status_code == 302
    case.refresh_from_db()
    assert case.stage == "pre_start"
    session = client.post(
        url,
        {
            "action": "session",
            "session-held_on": TODAY,
            "session-topic": "Budget",
            "session-notes": "",
            "session-next_step": "Call the bank",
        },
    )
    assert session.status_code == 302
    assert case.sessions.get().next_step == "Call the bank"
    goal = case.goals.get()
    milestone = client.post(
        url,
        {"action": f"milestone-{goal.pk}", "milestone-title": "Visit", "milestone-due_on": TODAY},
    )
    assert milestone.status_code == 302
    done = client.post(url, {"action": f"done-{goal.milestones.first().pk}"})
    assert done.status_code == 302
    assert goal.milestones.filter(done_on=TODAY).count() == 1


@pytest.mark.parametrize("action", ["milestone-x", "done-", "done-99999999999999999999", "goal"])
def test_malformed_buttons_are_refused_not_crashed(
    client: Client, erik: User, case: Any, action: str
) -> None:
    login(client, erik)
    response = client.post(reverse("enterprises:case", args=[case.pk]), {"action": action})
    assert response.status_code in {200, 404}


def test_the_enterprise_sees_its_case_without_forms(
    client: Client, charlie: User, erik: User, erhvervshus: Organisation, asf: Organisation
) -> None:
    case = services.open_case(erik, erhvervshus, "Grön", Stage.GROWING, TODAY, enterprise=asf)
    login(client, charlie)
    page = client.get(reverse("enterprises:case", args=[case.pk]))
    assert page.status_code == 200
    assert "Record session" not in page.content.decode()
    refused = client.post(reverse("enterprises:case", args=[case.pk]), {"action": "goal"})
    assert refused.status_code == 404


def test_partnership_pages_and_graph(
    client: Client, charlie: User, partnership: Partnership, boden: Organisation
) -> None:
    login(client, charlie)
    assert (
        "Arbetsgivare 1 AB" in client.get(reverse("enterprises:partnership_list")).content.decode()
    )
    graph = client.get(reverse("enterprises:partnership_graph"))
    assert graph.status_code == 200
    svg = graph.content.decode()
    drawing = svg[svg.index("<svg") : svg.index("</svg>")]
    assert drawing.count("<line") >= 1
    assert "<script" not in drawing
    new = client.post(
        reverse("enterprises:partnership_new"),
        {
            "enterprise": partnership.enterprise_id,
            "partner": boden.pk,
            "kind": "mentoring",
            "start_date": TODAY,
        },
    )
    assert new.status_code == 302
    assert Partnership.objects.count() == 2


def test_graph_coordinates_are_not_localised(
    client: Client, charlie: User, partnership: Partnership
) -> None:
    login(client, charlie)
    client.cookies["django_language"] = "sv"  # Swedish writes decimal commas
    page = client.get(reverse("enterprises:partnership_graph")).content.decode()
    drawing = page[page.index("<svg") : page.index("</svg>")]
    assert re.search(r'x1="\d+\.\d"', drawing)
    assert not re.search(r'="\d+,\d"', drawing)


def test_a_buyer_posts_a_need_and_sees_matches(
    client: Client, adam: User, boden: Organisation, profile: Any
) -> None:
    login(client, adam)
    posted = client.post(
        reverse("enterprises:need_new"),
        {
            "buyer": boden.pk,
            "title": "Cleaning",
            "sector_codes": "81",
            "services": "cleaning",
            "volume": 2,
            "start_date": TODAY,
        },
    )
    assert posted.status_code == 302
    page = client.get(posted["Location"])
    assert "Grön Framtid ASF" in page.content.decode()
    assert "Offers Cleaning" in page.content.decode()


def test_a_provider_keeps_support_offers(
    client: Client, erik: User, erhvervshus: Organisation
) -> None:
    login(client, erik)
    posted = client.post(
        reverse("enterprises:offer_new"),
        {
            "provider": erhvervshus.pk,
            "actor_kind": "business_development",
            "title": "Loans",
            "description": "d",
            "stages": ["idea"],
            "needs": ["funding"],
            "country": "DK",
            "active": "on",
        },
    )
    assert posted.status_code == 302
    assert "Loans" in client.get(reverse("enterprises:offer_list")).content.decode()


# --- outsiders ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "route",
    [
        "enterprises:profile_edit",
        "enterprises:year_add",
    ],
)
def test_outsiders_cannot_edit_a_profile(
    client: Client, olga: User, profile: Any, asf: Organisation, route: str
) -> None:
    login(client, olga)
    assert client.get(reverse(route, args=[asf.pk])).status_code == 404
    assert client.post(reverse(route, args=[asf.pk]), {"placements": 1}).status_code == 404


def test_outsiders_get_404_on_records_of_others(
    client: Client,
    olga: User,
    case: Any,
    partnership: Partnership,
    need: ProcurementNeed,
    erik: User,
    erhvervshus: Organisation,
) -> None:
    offer = services.save_support_offer(
        erik,
        erhvervshus,
        services.SupportData("bank", "Loans", "d", ["idea"], ["funding"], "DK"),
    )
    login(client, olga)
    assert client.get(reverse("enterprises:case", args=[case.pk])).status_code == 404
    assert (
        client.post(reverse("enterprises:case", args=[case.pk]), {"action": "goal"}).status_code
        == 404
    )
    assert (
        client.get(reverse("enterprises:partnership_edit", args=[partnership.pk])).status_code
        == 404
    )
    assert client.get(reverse("enterprises:need", args=[need.pk])).status_code == 404
    assert client.get(reverse("enterprises:offer_edit", args=[offer.pk])).status_code == 404
    assert client.get(reverse("enterprises:case_new")).status_code == 200  # Jammerbugt may advise
    board = client.get(reverse("enterprises:board")).content.decode()
    assert "Café Havnen" not in board
    assert "Office cleaning" not in client.get(reverse("enterprises:need_list")).content.decode()
    assert (
        "Arbetsgivare"
        not in client.get(reverse("enterprises:partnership_list"))
        .content.decode()
        .split("without a bridge")[0]
    )


@pytest.mark.parametrize(
    "route",
    [
        "enterprises:my_profiles",
        "enterprises:board",
        "enterprises:case_new",
        "enterprises:offer_list",
        "enterprises:offer_new",
        "enterprises:partnership_list",
        "enterprises:partnership_graph",
        "enterprises:partnership_new",
        "enterprises:need_list",
        "enterprises:need_new",
    ],
)
def test_anonymous_visitors_must_log_in(client: Client, route: str) -> None:
    response = client.get(reverse(route))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_user_without_organisation_gets_404_on_the_graph(client: Client, db: None) -> None:
    User.objects.create_user("loner", password=PASSWORD)
    client.login(username="loner", password=PASSWORD)
    assert client.get(reverse("enterprises:partnership_graph")).status_code == 404
