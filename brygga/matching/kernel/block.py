"""Vectorised scoring of a block of pairs: the same numbers as :func:`score.score_pair`."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .encode import EncodedOpportunities, EncodedPeople, unit_vectors
from .model import EARTH_RADIUS_KM

F32 = NDArray[np.float32]
#: Weight of a held occupation against near ones in the combined occupation product.
NEAR_BASE = 1024.0
IntArray = NDArray[np.intp]


def score_block(
    people: EncodedPeople,
    opportunities: EncodedOpportunities,
    rows: IntArray,
    cols: IntArray,
) -> F32:
    """Scores of ``people[rows] x opportunities[cols]`` as float32, ``-inf`` where infeasible.

    Every pass over the block is float32 and in place: one dense product (language, hours,
    filters) writes the block, the sparse skill and occupation products add only their
    non-zeros, and distance is a float32 product of coordinates centred on the block (see
    :func:`_distance`), so no float64 block and no zero-filled block is ever made.
    """
    b, c = len(rows), len(cols)
    if b == 0 or c == 0:
        return np.zeros((b, c), dtype=np.float32)
    out: F32 = np.matmul(people.dense[rows], opportunities.dense[:, cols])
    out += opportunities.const[cols]
    # a CSR product has no duplicate entries: add its non-zeros by row and column index
    skills = sp.csr_matrix(people.skills[rows] @ opportunities.skills[:, cols])
    if skills.nnz:
        skill_rows = np.repeat(np.arange(b), np.diff(skills.indptr))
        out[skill_rows, skills.indices] += skills.data
    _add_occupations(out, people, opportunities, rows, cols)
    infeasible = _distance(out, people, opportunities, rows, cols)
    hours_p = people.hours[rows]
    hours_o = opportunities.hours[cols]
    if not (np.isnan(hours_p).all() or np.isnan(hours_o).all()):
        infeasible |= np.less.outer(hours_p, hours_o)
    infeasible |= out < -0.5  # a language or adaptation penalty
    out[infeasible] = -np.inf
    return out


def _distance(
    out: F32,
    people: EncodedPeople,
    opportunities: EncodedOpportunities,
    rows: IntArray,
    cols: IntArray,
) -> NDArray[np.bool_]:
    """Subtract ``w * d²``-like distance points from ``out``; return where the limit is exceeded.

    With unit vectors ``u`` (people) and ``v`` (openings) centred on ``c``, the squared chord
    ``|u - v|² = |u-c|² + |v-c|² - 2 (u-c)·(v-c) = 4 sin²(d / 2R)``; the value's shortfall
    ``1 - value = chord² / (4 sin²(L / 2R))`` is that times a per-person factor. Centring keeps
    the terms small, so float32 is exact to ~1e-9 in the chord² where float64 was needed for
    the uncentred dot product. Unknown places give zero rows/columns: no filter, full points.
    """
    known_p = ~(np.isnan(people.lat[rows]) | np.isnan(people.lon[rows]))
    known_o = ~(np.isnan(opportunities.lat[cols]) | np.isnan(opportunities.lon[cols]))
    if not known_p.any() or not known_o.any():
        return np.zeros(out.shape, dtype=np.bool_)
    u = unit_vectors(people.lat[rows], people.lon[rows])
    v = unit_vectors(opportunities.lat[cols], opportunities.lon[cols])
    centre = u[known_p].mean(axis=0)
    u = (u - centre) * known_p[:, None]
    v = (v - centre) * known_o[:, None]
    a = np.hstack([(u * u).sum(axis=1)[:, None], known_p[:, None], -2.0 * u])
    bm = np.vstack([known_o[None, :], (v * v).sum(axis=1)[None, :], v.T])
    chord2 = np.matmul(a.astype(np.float32), bm.astype(np.float32))
    limit = people.limit_km[rows]
    w = opportunities.distance_weight
    # chord² · w / (4 sin²(L/2R)) exceeds w exactly when the distance exceeds the limit L
    unit = w if w > 0 else 1.0
    scale = unit / (4.0 * np.sin(limit / (2.0 * EARTH_RADIUS_KM)) ** 2)
    chord2 *= scale.astype(np.float32)[:, None]
    if w > 0:
        out -= chord2
    result: NDArray[np.bool_] = chord2 > np.float32(unit)
    return result


def _add_occupations(
    out: F32,
    people: EncodedPeople,
    opportunities: EncodedOpportunities,
    rows: IntArray,
    cols: IntArray,
) -> None:
    """Add the occupation points: 1 for a held occupation, the near credit for a near one.

    One sparse product of ``NEAR_BASE * held + near`` with the openings' occupations counts
    both at once: an entry of at least ``NEAR_BASE`` has an exact match.
    """
    occ = opportunities.occupations[:, cols]
    if occ.nnz == 0:
        return
    credit = opportunities.occ_near_credit
    held = people.occ_exact[rows]
    if credit > 0 and people.occ_near.nnz:
        held = held * NEAR_BASE + people.occ_near[rows]
    counts = sp.csr_matrix(held @ occ)
    if counts.nnz == 0:
        return
    value = np.where(counts.data >= NEAR_BASE - 0.5, np.float32(1.0), np.float32(credit))
    if not (credit > 0 and people.occ_near.nnz):
        value = np.ones_like(counts.data)
    occ_rows = np.repeat(np.arange(len(rows)), np.diff(counts.indptr))
    out[occ_rows, counts.indices] += value * opportunities.occ_weight[cols][counts.indices]
