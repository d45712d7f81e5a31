"""Scalar scoring, filters and explanations; the vectorised scorer agrees with them."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings

from brygga.matching.kernel import (
    MODEL_NAME,
    MODEL_VERSION,
    Hierarchy,
    Opportunity,
    Params,
    Person,
    cefr_rank,
    check,
    encode,
    explain,
    haversine_km,
    render_en,
    score_block,
    score_pair,
)
from brygga.matching.kernel.filters import distance_value

from .strategies import opportunities, params, people, worlds

MALMO = (55.6050, 13.0038)
LUND = (55.7047, 13.1910)


def test_cefr_scale_orders_levels() -> None:
    assert [cefr_rank(x) for x in (None, "A1", "a2", "B1", "B2", "C1", "C2")] == list(range(7))
    with pytest.raises(ValueError):
        cefr_rank("D1")


def test_haversine_malmo_lund() -> None:
    assert 15.0 < haversine_km(MALMO, LUND) < 16.5
    assert haversine_km(MALMO, MALMO) == 0.0


def test_distance_value_is_close_to_quadratic_decay() -> None:
    for km in (0.0, 5.0, 25.0, 50.0):
        assert math.isclose(distance_value(km, 50.0), 1 - (km / 50.0) ** 2, abs_tol=1e-5)
    assert distance_value(51.0, 50.0) < 0


def test_golden_explanation() -> None:
    tree = Hierarchy.from_edges([("care", "hygiene"), ("care", "feeding")])
    person = Person(
        "olena",
        skills=frozenset({"lifting", "hygiene", "cleaning", "cooking"}),
        languages={"sv": "B1", "uk": "C2"},
        hours_available=40,
        location=MALMO,
    )
    job = Opportunity(
        "aide",
        required_skills=frozenset({"lifting", "hygiene", "cleaning", "cooking", "driving"}),
        languages_required={"sv": "A2"},
        hours_per_week=30,
        location=LUND,
    )
    match = score_pair(person, job, Params(skill_hierarchy=tree))
    assert match.feasible
    assert (match.model, match.version) == (MODEL_NAME, MODEL_VERSION)
    parts = explain(match)
    assert parts[0] == {
        "code": "skills_required",
        "matched": 4,
        "near": 0,
        "of": 5,
        "missing": ["driving"],
        "component": "skills",
        "points": pytest.approx(0.45 * 0.8),
    }
    assert render_en(parts) == (
        "matches 4 of 5 required skills; Swedish B1 where A2 is asked; 30 of 40 hours a week; 16 km"
    )
    assert math.isclose(sum(p["points"] for p in parts), match.score)


def test_near_skill_counts_partly() -> None:
    tree = Hierarchy.from_edges([("care", "hygiene"), ("care", "feeding")])
    job = Opportunity("j", required_skills=frozenset({"feeding"}))
    sibling = score_pair(
        Person("a", skills=frozenset({"hygiene"})), job, Params(skill_hierarchy=tree)
    )
    parent = score_pair(Person("b", skills=frozenset({"care"})), job, Params(skill_hierarchy=tree))
    stranger = score_pair(Person("c", skills=frozenset({"x"})), job, Params(skill_hierarchy=tree))
    assert sibling.components[0].value == parent.components[0].value == 0.5
    assert stranger.components[0].value == 0.0


def test_filters_report_every_failure() -> None:
    person = Person(
        "p",
        languages={"sv": "A1"},
        hours_available=10,
        location=MALMO,
        max_travel_km=5,
        adaptations_needed=frozenset({"quiet"}),
    )
    job = Opportunity("j", languages_required={"sv": "B1"}, hours_per_week=20, location=LUND)
    codes = [f["code"] for f in check(person, job, Params())]
    assert codes == ["adaptation_missing", "language_below", "hours_over", "too_far"]
    match = score_pair(person, job, Params())
    assert not match.feasible and match.score == 0.0
    assert "needs quiet, not offered" in render_en(explain(match))


@settings(max_examples=150, deadline=None)
@given(people(), opportunities(), params())
def test_score_in_range_and_components_add_up(person: Person, opp: Opportunity, p: Params) -> None:
    match = score_pair(person, opp, p)
    assert 0.0 <= match.score <= 1.0
    for c in match.components:
        assert 0.0 <= c.value <= 1.0
    assert math.isclose(sum(c.weight for c in match.components), 1.0)
    if match.feasible:
        assert math.isclose(sum(c.points for c in match.components), match.score, abs_tol=1e-12)
    assert math.isclose(sum(x["points"] for x in explain(match)), match.score, abs_tol=1e-12)
    assert isinstance(render_en(explain(match)), str)


@settings(max_examples=150, deadline=None)
@given(people(), opportunities(), params())
def test_feasible_pairs_satisfy_every_hard_filter(
    person: Person, opp: Opportunity, p: Params
) -> None:
    match = score_pair(person, opp, p)
    if not match.feasible:
        return
    assert person.adaptations_needed <= opp.adaptations_offered
    for lang, level in opp.languages_required.items():
        assert cefr_rank(person.languages.get(lang)) >= cefr_rank(level)
    if opp.hours_per_week is not None and person.hours_available is not None:
        assert opp.hours_per_week <= person.hours_available
    if person.location is not None and opp.location is not None:
        km = haversine_km(person.location, opp.location)
        assert km <= p.travel_limit(person) + 1e-6


@settings(max_examples=60, deadline=None)
@given(worlds())
def test_vectorised_scores_equal_scalar_scores(
    world: tuple[list[Person], list[Opportunity], Params],
) -> None:
    ps, os_, p = world
    enc_p, enc_o = encode(ps, os_, p)
    block = score_block(enc_p, enc_o, np.arange(len(ps)), np.arange(len(os_)))
    for i, person in enumerate(ps):
        for j, opp in enumerate(os_):
            match = score_pair(person, opp, p)
            if match.feasible:
                assert block[i, j] == pytest.approx(match.score, abs=1e-5)
            else:
                assert block[i, j] == -np.inf


@pytest.mark.parametrize("limit", [0.5, 20.0, 50.0, 80.0, 300.0])
@pytest.mark.parametrize("weight", [0.0, 0.1, 1.0])
def test_block_distance_filter_agrees_at_the_limit(limit: float, weight: float) -> None:
    """Just inside the limit is feasible and just outside is not, in the float32 block too."""
    from brygga.matching.kernel import Weights
    from brygga.matching.kernel.model import EARTH_RADIUS_KM

    params = Params(weights=Weights(distance=weight, skills=0.45))
    origin = (65.58, 22.15)
    people = [Person("p", location=origin, max_travel_km=limit)]
    opps = []
    for n, factor in enumerate((0.0, 0.5, 1 - 1e-4, 1 + 1e-4, 2.0)):
        dlat = math.degrees(limit * factor / EARTH_RADIUS_KM)
        opps.append(Opportunity(f"o{n}", location=(origin[0] + dlat, origin[1])))
    opps.append(Opportunity("remote"))
    enc_p, enc_o = encode(people, opps, params)
    block = score_block(enc_p, enc_o, np.arange(1), np.arange(len(opps)))
    for j, opp in enumerate(opps):
        match = score_pair(people[0], opp, params)
        assert np.isfinite(block[0, j]) == match.feasible, (limit, j)
        if match.feasible:
            assert block[0, j] == pytest.approx(match.score, abs=1e-5)
