"""Vectorised scoring of a block of pairs: the same numbers as :func:`score.score_pair`."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from .encode import EncodedOpportunities, EncodedPeople

F32 = NDArray[np.float32]
IntArray = NDArray[np.intp]


def score_block(
    people: EncodedPeople,
    opportunities: EncodedOpportunities,
    rows: IntArray,
    cols: IntArray,
) -> F32:
    """Scores of ``people[rows] x opportunities[cols]`` as float32, ``-inf`` where infeasible."""
    b, c = len(rows), len(cols)
    if b == 0 or c == 0:
        return np.zeros((b, c), dtype=np.float32)
    out = np.zeros((b, c), dtype=np.float32)
    skills = people.skills[rows] @ opportunities.skills[:, cols]
    sp.csr_matrix(skills).toarray(out=out)
    _add_occupations(out, people, opportunities, rows, cols)
    out += people.dense[rows] @ opportunities.dense[:, cols]
    out += opportunities.const[cols]
    dist = people.geo[rows] @ opportunities.geo[:, cols]
    infeasible = dist < -1.0
    dist *= opportunities.distance_weight
    out += dist
    del dist
    hours_p = people.hours[rows]
    hours_o = opportunities.hours[cols]
    if not (np.isnan(hours_p).all() or np.isnan(hours_o).all()):
        infeasible |= np.less.outer(hours_p, hours_o)
    infeasible |= out < -0.5  # a language or adaptation penalty
    out[infeasible] = -np.inf
    return out


def _add_occupations(
    out: F32,
    people: EncodedPeople,
    opportunities: EncodedOpportunities,
    rows: IntArray,
    cols: IntArray,
) -> None:
    occ = opportunities.occupations[:, cols]
    if occ.nnz == 0:
        return
    exact = sp.coo_matrix(people.occ_exact[rows] @ occ)
    credit = opportunities.occ_near_credit
    weight = opportunities.occ_weight[cols]
    if credit > 0 and people.occ_near.nnz:
        near = sp.coo_matrix(people.occ_near[rows] @ occ)
        near.data[:] = credit
        exact.data[:] = 1.0
        best = sp.coo_matrix(exact.maximum(near))
    else:
        best = exact
        best.data[:] = 1.0
    best.sum_duplicates()
    out[best.row, best.col] += best.data * weight[best.col]
