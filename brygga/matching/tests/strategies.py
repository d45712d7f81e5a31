"""Hypothesis strategies for kernel inputs: small worlds with a shared skill hierarchy."""

from __future__ import annotations

from hypothesis import strategies as st

from brygga.matching.kernel import CEFR_LEVELS, Hierarchy, Opportunity, Params, Person, Weights

SKILLS = [f"s{i}" for i in range(12)]
OCCUPATIONS = ["o1", "o2", "o3", "o4"]
ADAPTATIONS = ["quiet", "reduced_hours", "interpreter"]
LANGUAGES = ["sv", "en", "uk"]
SKILL_TREE = Hierarchy.from_edges(
    [(f"g{i // 4}", s) for i, s in enumerate(SKILLS)] + [("s0", "s11")]
)
OCCUPATION_TREE = Hierarchy.from_edges([("o0", "o1"), ("o0", "o2")])

levels = st.sampled_from(CEFR_LEVELS)
locations = st.none() | st.tuples(
    st.floats(55.0, 56.0, allow_nan=False), st.floats(12.0, 14.0, allow_nan=False)
)
hours = st.none() | st.sampled_from([4.0, 8.0, 20.0, 30.0, 40.0])


@st.composite
def people(draw: st.DrawFn, pid: str = "p") -> Person:
    return Person(
        id=pid,
        skills=frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=6))),
        occupations=frozenset(draw(st.lists(st.sampled_from(OCCUPATIONS), max_size=2))),
        languages=draw(st.dictionaries(st.sampled_from(LANGUAGES), levels, max_size=3)),
        hours_available=draw(hours),
        location=draw(locations),
        max_travel_km=draw(st.none() | st.sampled_from([10.0, 40.0, 120.0])),
        adaptations_needed=frozenset(draw(st.lists(st.sampled_from(ADAPTATIONS), max_size=1))),
        priority=draw(st.sampled_from([1.0, 1.0, 1.5, 2.0])),
    )


@st.composite
def opportunities(draw: st.DrawFn, oid: str = "o") -> Opportunity:
    return Opportunity(
        id=oid,
        required_skills=frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=5))),
        desired_skills=frozenset(draw(st.lists(st.sampled_from(SKILLS), max_size=3))),
        occupations=frozenset(draw(st.lists(st.sampled_from([*OCCUPATIONS, "o0"]), max_size=2))),
        languages_required=draw(st.dictionaries(st.sampled_from(LANGUAGES), levels, max_size=1)),
        languages_desired=draw(st.dictionaries(st.sampled_from(LANGUAGES), levels, max_size=2)),
        hours_per_week=draw(hours),
        location=draw(locations),
        seats=draw(st.integers(0, 3)),
        adaptations_offered=frozenset(draw(st.lists(st.sampled_from(ADAPTATIONS), max_size=3))),
    )


@st.composite
def params(draw: st.DrawFn) -> Params:
    skills, occupation, language, hours = (draw(st.floats(0.0, 1.0)) for _ in range(4))
    weights = Weights(skills, occupation, language, hours, distance=1.0)
    return Params(
        weights=weights,
        near_skill_credit=draw(st.sampled_from([0.0, 0.5, 0.8])),
        near_occupation_credit=draw(st.sampled_from([0.0, 0.5])),
        required_share=draw(st.sampled_from([0.6, 0.75, 1.0])),
        max_km=draw(st.sampled_from([25.0, 80.0])),
        skill_hierarchy=SKILL_TREE,
        occupation_hierarchy=OCCUPATION_TREE,
    )


@st.composite
def worlds(
    draw: st.DrawFn, max_people: int = 8, max_opps: int = 6
) -> tuple[list[Person], list[Opportunity], Params]:
    n = draw(st.integers(1, max_people))
    m = draw(st.integers(1, max_opps))
    ps = [draw(people(f"p{i}")) for i in range(n)]
    os_ = [draw(opportunities(f"o{j}")) for j in range(m)]
    return ps, os_, draw(params())
