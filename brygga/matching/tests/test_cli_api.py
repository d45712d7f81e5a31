from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from brygga.core.models import ApiToken, User
from brygga.matching.models import Opportunity, Referral
from brygga.people.models import Participant

PROBLEM: dict[str, Any] = {
    "people": [
        {"id": "ann", "skills": ["cleaning"], "languages": {"sv": "B1"}, "hours_available": 30,
         "location": [65.83, 21.69]},
        {"id": "bo", "skills": ["cooking"], "hours_available": 20, "location": [65.58, 22.15]},
        {"id": "cy", "skills": ["cooking"], "hours_available": 5, "location": [65.58, 22.15]},
    ],
    "opportunities": [
        {"id": "cafe", "required_skills": ["cooking"], "hours_per_week": 20,
         "location": [65.58, 22.15], "seats": 1},
        {"id": "office", "required_skills": ["office cleaning"],
         "languages_required": {"sv": "A2"}, "location": [65.83, 21.69], "seats": 1},
    ],
    "hierarchy": {"skills": [["cleaning", "office cleaning"]]},
}  # fmt: skip
GRAPH = {"capacity": {"cafe": 1, "farm": 2}, "edges": [["ann", "cafe", 0.9], ["bo", "cafe", 0.8], ["bo", "farm", 0.7]]}  # fmt: skip  # noqa: E501


def run(*args: str) -> Any:
    out = io.StringIO()
    call_command("match", *args, stdout=out)
    return json.loads(out.getvalue())


def write(tmp_path: Path, data: Any, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_allocate_graph_prints_the_optimal_assignment(tmp_path: Path) -> None:
    result = run("allocate", "--graph", write(tmp_path, GRAPH))
    assert result["assignment"] == {"ann": "cafe", "bo": "farm"}  # greedy would leave one out
    assert result["total_score"] == pytest.approx(1.6)
    assert result["optimal"] is True
    greedy = run("allocate", "--graph", write(tmp_path, GRAPH), "--method", "greedy")
    assert greedy["total_score"] <= result["total_score"]
    assert run("allocate", "--graph", write(tmp_path, GRAPH), "--min-score", "0.75")[
        "assignment"
    ] == {"ann": "cafe"}


def test_allocate_and_suggest_a_problem(tmp_path: Path) -> None:
    path = write(tmp_path, PROBLEM)
    result = run("allocate", path)
    assert result["assignment"] == {"ann": "office", "bo": "cafe"}
    assert result["unassigned"] == ["cy"]  # 20 hours asked, 5 available: never assigned
    assert "near" in result["explanations"]["ann"]
    suggestions = run("suggest", path, "--k", "2")
    assert [s["opportunity"] for s in suggestions["people"]["bo"]] == ["cafe"]
    assert suggestions["people"]["cy"] == []
    first = suggestions["people"]["ann"][0]
    assert sum(p["points"] for p in first["explanation"]) == pytest.approx(first["score"], abs=1e-5)
    ranked = [p["person"] for p in suggestions["opportunities"]["cafe"]]
    assert ranked[0] == "bo"
    assert "cy" not in ranked


def test_small_jobs_fill_a_persons_hours(tmp_path: Path) -> None:
    problem = {
        "people": [{"id": "ann", "hours_available": 20}, {"id": "bo", "hours_available": 8}],
        "opportunities": [
            {"id": "cafe", "hours_per_week": 8, "seats": 1},
            {"id": "farm", "hours_per_week": 10, "seats": 1},
            {"id": "shop", "hours_per_week": 6, "seats": 1},
        ],
    }
    result = run("allocate", write(tmp_path, problem), "--method", "small_jobs")
    places = result["assignment"]
    hours = {"cafe": 8, "farm": 10, "shop": 6}
    assert sum(hours[o] for o in places.get("ann", [])) <= 20
    assert sum(hours[o] for o in places.get("bo", [])) <= 8
    assert result["assigned"] == 3  # every small job is taken within the budgets
    capped = run(
        "allocate", write(tmp_path, problem), "--method", "small_jobs", "--max-places", "1"
    )
    assert all(len(o) == 1 for o in capped["assignment"].values())
    with pytest.raises(CommandError, match="small_jobs"):
        run("allocate", "--graph", write(tmp_path, GRAPH), "--method", "small_jobs")


def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        run("allocate", "--graph", str(tmp_path / "missing.json"))
    with pytest.raises(CommandError, match="not JSON"):
        (tmp_path / "x.json").write_text("{", encoding="utf-8")
        run("allocate", "--graph", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="no capacity"):
        run("allocate", "--graph", write(tmp_path, {"capacity": {}, "edges": [["a", "b", 1]]}))
    bad = {**PROBLEM, "people": [{"id": "x", "languages": {"sv": "Z9"}}]}
    with pytest.raises(CommandError, match=r"people\[0\]"):
        run("suggest", write(tmp_path, bad))
    with pytest.raises(CommandError, match="unknown fields"):
        run("suggest", write(tmp_path, {**PROBLEM, "people": [{"id": "x", "age": 3}]}))
    with pytest.raises(CommandError):
        run("allocate")
    with pytest.raises(CommandError, match="min-score"):
        run("allocate", "--graph", write(tmp_path, GRAPH), "--min-score", "2")


@pytest.mark.django_db
def test_suggest_for_a_participant_from_the_database(
    alice: User, olga: User, mapped: Participant, cleaning_job: Opportunity
) -> None:
    result = run("suggest", "--participant", str(mapped.pk), "--as", "alice")
    assert [s["title"] for s in result["suggestions"]] == ["Lokalvård på kontor"]
    with pytest.raises(CommandError, match="no such participant"):
        run("suggest", "--participant", str(mapped.pk), "--as", "olga")
    with pytest.raises(CommandError, match="no such participant"):
        run("suggest", "--participant", "not-a-uuid", "--as", "alice")


def call(client: Client, method: str, path: str, token: str | None, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kwargs: dict[str, Any] = {"headers": headers}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    return getattr(client, method)(f"/api/v1/matching{path}", **kwargs)


@pytest.mark.django_db
def test_api_compute_endpoints(alice: User, client: Client) -> None:
    token = ApiToken.issue(alice, "t")[1]
    response = call(client, "post", "/allocate/graph", token, GRAPH)
    assert response.status_code == 200
    assert response.json()["assignment"] == {"ann": "cafe", "bo": "farm"}
    response = call(client, "post", "/allocate", token, {**PROBLEM, "min_score": 0.1})
    assert response.json()["assignment"] == {"ann": "office", "bo": "cafe"}
    response = call(client, "post", "/suggest", token, {**PROBLEM, "k": 1})
    assert response.json()["people"]["bo"][0]["opportunity"] == "cafe"
    bad = call(
        client, "post", "/allocate/graph", token, {"capacity": {"a": 1}, "edges": [["p", "b", 1]]}
    )
    assert bad.status_code == 400 and "no capacity" in bad.json()["detail"]
    bad = call(client, "post", "/suggest", token, {"people": [{"id": 3}], "opportunities": []})
    assert bad.status_code == 400
    assert call(client, "post", "/suggest", token, {"people": "x"}).status_code == 422
    for path in ("/suggest", "/allocate", "/allocate/graph"):
        assert call(client, "post", path, None, GRAPH).status_code == 401


@pytest.mark.django_db
def test_api_scoped_endpoints(
    alice: User,
    olga: User,
    bob: User,
    client: Client,
    mapped: Participant,
    cleaning_job: Opportunity,
) -> None:
    token = ApiToken.issue(alice, "t")[1]
    outsider = ApiToken.issue(olga, "t")[1]
    analyst = ApiToken.issue(bob, "t")[1]
    response = call(client, "get", f"/participants/{mapped.pk}/suggestions", token)
    assert response.status_code == 200
    assert response.json()[0]["opportunity"] == cleaning_job.pk
    assert (
        call(client, "get", f"/participants/{mapped.pk}/suggestions", outsider).status_code == 404
    )
    assert call(client, "get", "/opportunities", token).json()[0]["title"] == "Lokalvård på kontor"
    assert call(client, "get", f"/opportunities/{cleaning_job.pk}", analyst).status_code == 404
    assert call(client, "get", "/opportunities", analyst).json() == []
    body = {"opportunity": cleaning_job.pk, "note": "Good fit"}
    path = f"/participants/{mapped.pk}/referrals"
    assert call(client, "post", path, outsider, body).status_code == 404
    response = call(client, "post", path, token, body)
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert call(client, "post", path, token, body).status_code == 409
    assert Referral.objects.count() == 1
    assert call(client, "get", "/opportunities", None).status_code == 401
