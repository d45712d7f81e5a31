"""The impact API: parameter sets, own values, scenarios, runs and results."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from brygga.api.tests.conftest import call
from brygga.core.models import ApiToken, User
from brygga.impact.models import ParameterSet, Scenario, ScenarioResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def adam_token(adam: User) -> str:
    return ApiToken.issue(adam, "test")[1]


@pytest.fixture
def olga_token(olga: User) -> str:
    return ApiToken.issue(olga, "test")[1]


def scenario_body(parameter_set: ParameterSet, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "API scenario",
        "parameter_set": parameter_set.pk,
        "persons": 50,
        "success_rate": 0.3,
        "persistence": 0.8,
        "cost_per_participant": 50_000,
        "paid_by": {"municipality": 0.5, "employment_service": 0.5},
        "draws": 200,
        "ranges": {"success_rate": [0.2, 0.4]},
    }
    body.update(changes)
    return body


def test_parameter_sets_with_sources_and_own_values(
    client: Client, adam_token: str, se_set: ParameterSet
) -> None:
    listed = call(client, "get", "/impact/parameter-sets", adam_token).json()
    assert {"se-2025", "dk-2023"} <= {row["key"] for row in listed}
    copied = call(client, "post", f"/impact/parameter-sets/{se_set.pk}/copy", adam_token)
    assert copied.status_code == 201
    copy_id = copied.json()["id"]
    changed = call(
        client,
        "put",
        f"/impact/parameter-sets/{copy_id}/values/income_support_per_household_year",
        adam_token,
        {"value": 90_000, "reason": "Our own accounts", "year": 2025},
    )
    assert changed.status_code == 200
    row = next(
        r for r in changed.json()["inputs"] if r["name"] == "income_support_per_household_year"
    )
    assert row["overridden"] and row["default"] == 75_045 and row["reason"] == "Our own accounts"
    assert row["source"].startswith("Ekonomiskt bistånd")  # kept when no new source is given
    removed = call(
        client,
        "delete",
        f"/impact/parameter-sets/{copy_id}/values/income_support_per_household_year",
        adam_token,
    )
    assert not any(r["overridden"] for r in removed.json()["inputs"])


def test_bad_values_get_a_reason(client: Client, adam_token: str, se_set: ParameterSet) -> None:
    copy_id = call(client, "post", f"/impact/parameter-sets/{se_set.pk}/copy", adam_token).json()[
        "id"
    ]
    no_reason = call(
        client,
        "put",
        f"/impact/parameter-sets/{copy_id}/values/wage_month_median",
        adam_token,
        {"value": 1, "reason": ""},
    )
    assert no_reason.status_code == 422
    unknown = call(
        client,
        "put",
        f"/impact/parameter-sets/{copy_id}/values/nonsense",
        adam_token,
        {"value": 1, "reason": "why"},
    )
    assert unknown.status_code == 400 and unknown.json()["field"] == "name"
    shipped = call(
        client,
        "put",
        f"/impact/parameter-sets/{se_set.pk}/values/wage_month_median",
        adam_token,
        {"value": 1, "reason": "why"},
    )
    assert shipped.status_code == 400


def test_create_run_and_read_a_scenario(
    client: Client,
    adam_token: str,
    se_set: ParameterSet,
    django_capture_on_commit_callbacks: Any,
) -> None:
    created = call(client, "post", "/impact/scenarios", adam_token, scenario_body(se_set))
    assert created.status_code == 201, created.json()
    scenario_id = created.json()["id"]
    assert created.json()["paid_by"] == {"municipality": 0.5, "employment_service": 0.5}
    with django_capture_on_commit_callbacks(execute=True):
        run = call(client, "post", f"/impact/scenarios/{scenario_id}/runs", adam_token)
    assert run.status_code == 202 and run.json()["status"] == "queued"
    result = call(client, "get", f"/impact/results/{run.json()['id']}", adam_token).json()
    assert result["status"] == "done"
    assert result["model_name"] == "brygga-impact" and result["params_name"] == "se-2025"
    years = result["data"]["result"]["years"]
    assert len(years) == 10 and set(years[0]["net"]) >= {"municipality", "employment_service"}
    assert result["data"]["monte_carlo"]["draws"] == 200
    assert result["npv"] == pytest.approx(result["data"]["result"]["npv"])
    runs = call(client, "get", f"/impact/scenarios/{scenario_id}/results", adam_token).json()
    assert [r["id"] for r in runs] == [run.json()["id"]] and "data" not in runs[0]
    changed = call(
        client,
        "put",
        f"/impact/scenarios/{scenario_id}",
        adam_token,
        scenario_body(se_set, name="Renamed"),
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Renamed"


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"start_state": "mars"}, 400, "start_state"),
        ({"paid_by": {"kommune": 1.0}}, 400, "paid_by"),
        ({"paid_by": {"municipality": 0.4}}, 400, None),
        ({"start_age": 60, "horizon_years": 20}, 400, "horizon_years"),
        ({"success_rate": 1.5}, 422, None),
        ({"ranges": {"wage": [0, 1]}}, 400, "ranges"),
        ({"ranges": {"success_rate": [0.5, 0.9]}}, 400, None),
    ],
)
def test_bad_scenarios_are_refused_with_a_reason(
    client: Client,
    adam_token: str,
    se_set: ParameterSet,
    changes: dict[str, Any],
    status: int,
    field: str | None,
) -> None:
    response = call(
        client, "post", "/impact/scenarios", adam_token, scenario_body(se_set, **changes)
    )
    assert response.status_code == status, response.json()
    if field:
        assert response.json()["field"] == field
    assert not Scenario.objects.exists()


def test_a_case_worker_cannot_create_scenarios(
    client: Client, alice: User, se_set: ParameterSet
) -> None:
    token = ApiToken.issue(alice, "t")[1]
    response = call(client, "post", "/impact/scenarios", token, scenario_body(se_set))
    assert response.status_code == 400 and response.json()["field"] == "organisation"


def test_an_outsider_gets_404(
    client: Client,
    olga_token: str,
    olga: User,
    boden_copy: ParameterSet,
    scenario: Scenario,
    result: ScenarioResult,
) -> None:
    for method, path, body in [
        ("get", f"/impact/parameter-sets/{boden_copy.pk}", None),
        ("post", f"/impact/parameter-sets/{boden_copy.pk}/copy", None),
        (
            "put",
            f"/impact/parameter-sets/{boden_copy.pk}/values/wage_month_median",
            {"value": 1, "reason": "x"},
        ),
        ("delete", f"/impact/parameter-sets/{boden_copy.pk}/values/wage_month_median", None),
        ("get", f"/impact/scenarios/{scenario.pk}", None),
        ("put", f"/impact/scenarios/{scenario.pk}", scenario_body(boden_copy)),
        ("post", f"/impact/scenarios/{scenario.pk}/runs", None),
        ("get", f"/impact/scenarios/{scenario.pk}/results", None),
        ("get", f"/impact/results/{result.pk}", None),
    ]:
        response = call(client, method, path, olga_token, body)
        assert response.status_code == 404, (method, path, response.json())
    assert call(client, "get", "/impact/scenarios", olga_token).json() == []
    listed = call(client, "get", "/impact/parameter-sets", olga_token).json()
    assert boden_copy.pk not in {row["id"] for row in listed}
    # An admin elsewhere cannot use Bodens kommun's copy in their own scenario either.
    from conftest import make_user

    jens = make_user("jens", olga.memberships.get().organisation, "org_admin")
    token = ApiToken.issue(jens, "t")[1]
    response = call(client, "post", "/impact/scenarios", token, scenario_body(boden_copy))
    assert response.status_code == 404


def test_without_a_token_the_api_refuses(client: Client, scenario: Scenario) -> None:
    assert call(client, "get", "/impact/scenarios", None).status_code == 401
    assert call(client, "get", f"/impact/scenarios/{scenario.pk}", None).status_code == 401
