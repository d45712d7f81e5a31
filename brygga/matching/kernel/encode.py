"""Encode people and opportunities as arrays for the vectorised scorer.

Every score component is written as a bilinear form ``person_features @ opportunity_features``
plus per-opportunity constants, so a block of pairs is scored with a sparse product (skills and
occupations) and two small dense products (language, hours and filters; distance in float64).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .filters import MIN_LIMIT_KM
from .model import EARTH_RADIUS_KM, Hierarchy, Opportunity, Params, Person, cefr_rank

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
#: Penalty per violated language/adaptation filter inside the dense product. Any violation
#: takes a score (at most 1 otherwise) below -0.5, where the scorer marks it infeasible; kept
#: small so that float32 sums stay exact to ~1e-6.
PENALTY = 4.0
LEVELS = 6


@dataclass(frozen=True)
class EncodedPeople:
    """Per-person arrays (row i is person ``ids[i]``)."""

    ids: tuple[str, ...]
    skills: sp.csr_matrix
    """(n, asked skills): 1 for a skill held, near credit for a near one."""
    occ_exact: sp.csr_matrix
    """(n, occupations): occupations held."""
    occ_near: sp.csr_matrix
    """(n, occupations): near occupations not held."""
    dense: F32
    """(n, d): features for the language/hours/filter product."""
    geo: F64
    """(n, 4): features for the float64 distance product."""
    hours: F64
    """Hours available, NaN when unknown."""
    lat: F64
    lon: F64
    """Degrees, NaN when unknown."""
    limit_km: F64
    priority: F64


@dataclass(frozen=True)
class EncodedOpportunities:
    """Per-opportunity arrays (column j is opportunity ``ids[j]``), weights folded in."""

    ids: tuple[str, ...]
    skills: sp.csc_matrix
    """(asked skills, m): weight per asked skill."""
    occupations: sp.csc_matrix
    """(occupations, m): occupations the opening is for."""
    occ_weight: F32
    """Occupation weight for openings with occupations, 0 otherwise."""
    occ_near_credit: float
    distance_weight: float
    dense: F32
    """(d, m) pairing with ``EncodedPeople.dense``."""
    geo: F64
    """(4, m) pairing with ``EncodedPeople.geo``."""
    const: F32
    """Points every feasible pair gets from components the opening asks nothing for."""
    hours: F64
    lat: F64
    lon: F64
    seats: NDArray[np.int64]


def expand_near(exact: sp.csr_matrix, near: sp.csr_matrix, credit: float) -> sp.csr_matrix:
    """``exact`` plus ``credit`` on every concept near a held one and not held itself."""
    exact = sp.csr_matrix(exact, dtype=np.float32)
    exact.data[:] = 1.0
    if credit <= 0 or near.nnz == 0:
        return exact
    reach = sp.csr_matrix(exact @ near, dtype=np.float32)
    reach.data[:] = 1.0
    only = reach - reach.multiply(exact)
    only.eliminate_zeros()
    out = sp.csr_matrix(exact + credit * only, dtype=np.float32)
    out.sum_duplicates()
    return out


def near_matrix(hierarchy: Hierarchy, vocabulary: Sequence[str]) -> sp.csr_matrix:
    """Symmetric 0/1 matrix of the near relation restricted to ``vocabulary``."""
    index = {c: i for i, c in enumerate(vocabulary)}
    rows: list[int] = []
    cols: list[int] = []
    for c, i in index.items():
        for other in hierarchy.near(c):
            j = index.get(other)
            if j is not None:
                rows.append(i)
                cols.append(j)
    n = len(vocabulary)
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(n, n))


def _incidence(sets: Sequence[frozenset[str]], index: dict[str, int]) -> sp.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    for r, items in enumerate(sets):
        for item in items:
            c = index.get(item)
            if c is not None:
                rows.append(r)
                cols.append(c)
    data = np.ones(len(rows), dtype=np.float32)
    return sp.csr_matrix((data, (rows, cols)), shape=(len(sets), len(index)))


def _dense(matrix: sp.csr_matrix | NDArray[np.float32]) -> NDArray[np.float32]:
    if isinstance(matrix, np.ndarray):
        return matrix.astype(np.float32)
    out: NDArray[np.float32] = sp.csr_matrix(matrix).toarray().astype(np.float32)
    return out


def unit_vectors(lat: F64, lon: F64) -> F64:
    """(n, 3) unit vectors of (lat, lon) degrees; zero rows where unknown (NaN)."""
    la, lo = np.radians(lat), np.radians(lon)
    xyz = np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=1)
    out: F64 = np.nan_to_num(xyz, nan=0.0)
    return out


def people_arrays(
    ids: Sequence[str],
    skills: sp.csr_matrix,
    occ_exact: sp.csr_matrix,
    occ_near: sp.csr_matrix,
    lang_ranks: NDArray[np.uint8],
    needs: sp.csr_matrix | NDArray[np.float32],
    hours: F64,
    lat: F64,
    lon: F64,
    limit_km: F64,
    priority: F64 | None = None,
) -> EncodedPeople:
    """Assemble :class:`EncodedPeople` from raw arrays (the fast path for large inputs).

    ``lang_ranks`` is (n, languages) with CEFR ranks 0..6 in the language order the
    opportunities use; ``needs`` is (n, adaptations) 0/1.
    """
    n = len(ids)
    ranks = np.asarray(lang_ranks, dtype=np.int16)
    steps = np.arange(1, LEVELS + 1, dtype=np.int16)
    reached = (ranks[:, :, None] >= steps).reshape(n, -1).astype(np.float32)
    needs_d = _dense(needs)
    known_h = ~np.isnan(hours)
    inv_h = np.where(known_h, 1.0 / np.where(known_h, hours, 1.0), 0.0)
    dense = np.hstack(
        [
            reached,
            needs_d.astype(np.float32),
            inv_h[:, None].astype(np.float32),
            known_h[:, None].astype(np.float32),
        ]
    ).astype(np.float32)
    limit = np.maximum(np.asarray(limit_km, dtype=np.float64), MIN_LIMIT_KM)
    scale = 1.0 / (2.0 * np.sin(limit / (2.0 * EARTH_RADIUS_KM)) ** 2)
    known_loc = ~(np.isnan(lat) | np.isnan(lon))
    geo = np.hstack([(known_loc * scale)[:, None], unit_vectors(lat, lon) * scale[:, None]])
    return EncodedPeople(
        ids=tuple(ids),
        skills=sp.csr_matrix(skills, dtype=np.float32),
        occ_exact=sp.csr_matrix(occ_exact, dtype=np.float32),
        occ_near=sp.csr_matrix(occ_near, dtype=np.float32),
        dense=np.ascontiguousarray(dense),
        geo=np.ascontiguousarray(geo),
        hours=np.asarray(hours, dtype=np.float64),
        lat=np.asarray(lat, dtype=np.float64),
        lon=np.asarray(lon, dtype=np.float64),
        limit_km=limit,
        priority=np.ones(n) if priority is None else np.asarray(priority, dtype=np.float64),
    )


def opportunity_arrays(
    ids: Sequence[str],
    required: sp.csr_matrix,
    desired: sp.csr_matrix,
    occupations: sp.csr_matrix,
    lang_min: NDArray[np.uint8],
    lang_target: NDArray[np.uint8],
    not_offered: sp.csr_matrix | NDArray[np.float32],
    hours: F64,
    lat: F64,
    lon: F64,
    seats: NDArray[np.int64],
    params: Params,
) -> EncodedOpportunities:
    """Assemble :class:`EncodedOpportunities` from raw arrays, folding in the weights.

    ``required``/``desired`` are (m, skills) 0/1, ``occupations`` (m, occupations) 0/1,
    ``lang_min``/``lang_target`` (m, languages) CEFR ranks (target ≥ min; 0 = not asked),
    ``not_offered`` (m, adaptations) 0/1.
    """
    w = params.weights.normalised()
    m = len(ids)
    req = sp.csr_matrix(required, dtype=np.float32)
    des = sp.csr_matrix(desired, dtype=np.float32)
    n_req = np.asarray(req.getnnz(axis=1), dtype=np.float64)
    n_des = np.asarray(des.getnnz(axis=1), dtype=np.float64)
    both = (n_req > 0) & (n_des > 0)
    share_req = np.where(both, params.required_share, 1.0)
    share_des = np.where(both, 1.0 - params.required_share, 1.0)
    row_req = w.skills * share_req / np.maximum(n_req, 1)
    row_des = w.skills * share_des / np.maximum(n_des, 1)
    skills = sp.diags(row_req.astype(np.float32)) @ req + sp.diags(row_des.astype(np.float32)) @ des
    occ = sp.csr_matrix(occupations, dtype=np.float32)
    has_occ = occ.getnnz(axis=1) > 0
    no_skills = (n_req + n_des) == 0

    tmin = np.asarray(lang_min, dtype=np.int16)
    target = np.maximum(np.asarray(lang_target, dtype=np.int16), tmin)
    asked = target > 0
    n_lang = asked.sum(axis=1)
    steps = np.arange(1, LEVELS + 1, dtype=np.int16)
    # min(1, r / t) == sum over j <= t of [r >= j] / t
    per_step = (steps <= target[:, :, None]) / np.where(asked, target, 1)[:, :, None]
    lang_score = (per_step * (w.language / np.maximum(n_lang, 1))[:, None, None]).reshape(m, -1)
    # a person below the minimum lacks step tmin: -P * (1 - reached[tmin]), i.e. +P on that
    # step's coefficient and -P in the constant (one product column per step, not two)
    viol_step = (steps == tmin[:, :, None]).reshape(m, -1)
    lang_score = lang_score + PENALTY * viol_step
    n_required = (tmin > 0).sum(axis=1)
    not_off = _dense(not_offered)
    known_h = ~np.isnan(hours)
    dense = np.hstack(
        [
            lang_score,
            not_off * -PENALTY,
            (w.hours * np.where(known_h, hours, 0.0))[:, None],
            (-w.hours * known_h)[:, None],
        ]
    )
    known_loc = ~(np.isnan(lat) | np.isnan(lon))
    geo = np.vstack([-known_loc.astype(np.float64)[None, :], unit_vectors(lat, lon).T])
    const = (
        -PENALTY * n_required
        + w.skills * no_skills
        + w.occupation * ~has_occ
        + w.language * (n_lang == 0)
        + w.hours
        + w.distance
    )
    return EncodedOpportunities(
        ids=tuple(ids),
        skills=sp.csc_matrix(skills.T, dtype=np.float32),
        occupations=sp.csc_matrix(occ.T, dtype=np.float32),
        occ_weight=(w.occupation * has_occ).astype(np.float32),
        occ_near_credit=params.near_occupation_credit,
        distance_weight=w.distance,
        dense=np.ascontiguousarray(dense.T, dtype=np.float32),
        geo=np.ascontiguousarray(geo),
        const=const.astype(np.float32),
        hours=np.asarray(hours, dtype=np.float64),
        lat=np.asarray(lat, dtype=np.float64),
        lon=np.asarray(lon, dtype=np.float64),
        seats=np.asarray(seats, dtype=np.int64),
    )


def encode(
    people: Sequence[Person], opportunities: Sequence[Opportunity], params: Params
) -> tuple[EncodedPeople, EncodedOpportunities]:
    """Encode dataclass inputs for :func:`brygga.matching.kernel.topk.top_k`."""
    skill_vocab = sorted(
        set().union(*(o.required_skills | o.desired_skills for o in opportunities))
    )
    held_vocab = sorted(set(skill_vocab).union(*(p.skills for p in people)))
    held_index = {s: i for i, s in enumerate(held_vocab)}
    exact_all = _incidence([p.skills for p in people], held_index)
    near = near_matrix(params.skill_hierarchy, held_vocab)
    expanded = expand_near(exact_all, near, params.near_skill_credit)
    keep = np.array([held_index[s] for s in skill_vocab], dtype=np.int64)
    skills = sp.csr_matrix(expanded[:, keep]) if len(keep) else sp.csr_matrix((len(people), 0))
    skill_index = {s: i for i, s in enumerate(skill_vocab)}

    occ_vocab = sorted(set().union(*(o.occupations for o in opportunities)))
    occ_index = {s: i for i, s in enumerate(occ_vocab)}
    occ_exact = _incidence([p.occupations for p in people], occ_index)
    hier = params.occupation_hierarchy
    occ_near_sets = [
        frozenset().union(*(hier.near(o) for o in p.occupations)) - p.occupations for p in people
    ]
    occ_near = _incidence(occ_near_sets, occ_index)
    if params.near_occupation_credit <= 0:
        occ_near = sp.csr_matrix(occ_near.shape, dtype=np.float32)

    languages = sorted(set().union(*(o.language_targets() for o in opportunities)))
    lang_ranks = np.array(
        [[cefr_rank(p.languages.get(lang)) for lang in languages] for p in people],
        dtype=np.uint8,
    ).reshape(len(people), len(languages))
    adaptations = sorted(set().union(*(p.adaptations_needed for p in people)))
    a_index = {a: i for i, a in enumerate(adaptations)}
    needs = _incidence([p.adaptations_needed for p in people], a_index)

    def nan_if_none(values: Sequence[float | None]) -> F64:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    enc_people = people_arrays(
        ids=[p.id for p in people],
        skills=skills,
        occ_exact=occ_exact,
        occ_near=occ_near,
        lang_ranks=lang_ranks,
        needs=needs,
        hours=nan_if_none([p.hours_available for p in people]),
        lat=nan_if_none([p.location[0] if p.location else None for p in people]),
        lon=nan_if_none([p.location[1] if p.location else None for p in people]),
        limit_km=np.array([params.travel_limit(p) for p in people], dtype=np.float64),
        priority=np.array([p.priority for p in people], dtype=np.float64),
    )
    lang_min = np.array(
        [[cefr_rank(o.languages_required.get(lang)) for lang in languages] for o in opportunities],
        dtype=np.uint8,
    ).reshape(len(opportunities), len(languages))
    lang_target = np.array(
        [[o.language_targets().get(lang, 0) for lang in languages] for o in opportunities],
        dtype=np.uint8,
    ).reshape(len(opportunities), len(languages))
    not_offered = np.array(
        [[a not in o.adaptations_offered for a in adaptations] for o in opportunities],
        dtype=np.float32,
    ).reshape(len(opportunities), len(adaptations))
    enc_opps = opportunity_arrays(
        ids=[o.id for o in opportunities],
        required=_incidence([o.required_skills for o in opportunities], skill_index),
        desired=_incidence([o.desired_skills for o in opportunities], skill_index),
        occupations=_incidence([o.occupations for o in opportunities], occ_index),
        lang_min=lang_min,
        lang_target=lang_target,
        not_offered=not_offered,
        hours=nan_if_none([o.hours_per_week for o in opportunities]),
        lat=nan_if_none([o.location[0] if o.location else None for o in opportunities]),
        lon=nan_if_none([o.location[1] if o.location else None for o in opportunities]),
        seats=np.array([o.seats for o in opportunities], dtype=np.int64),
        params=params,
    )
    return enc_people, enc_opps
