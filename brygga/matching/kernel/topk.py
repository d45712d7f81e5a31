"""Top-k both ways in bounded memory: best opportunities per person, best people per opening.

People are sorted spatially and cut into blocks; for each block only the openings that can be
within travel distance of some person in it (a conservative latitude/longitude box) plus the
openings without a place are scored, with :func:`block.score_block`. Per-person results come
from ``np.argpartition`` along each row; per-opening results are merged block by block into a
running top-k, so memory is ``O(block x openings + (people + openings) x k)``.
"""

from __future__ import annotations

import math
import os
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .block import score_block
from .encode import EncodedOpportunities, EncodedPeople
from .model import EARTH_RADIUS_KM, MODEL_NAME, MODEL_VERSION

F32 = NDArray[np.float32]
I64 = NDArray[np.int64]
IntArray = NDArray[np.intp]
F = np.float32
#: What scoring one block yields: its rows, columns, number of pairs scored, each row's best
#: (positions, scores) and each column's best (person indices, scores) when asked for.
Done = tuple[IntArray, IntArray, int, IntArray, F32, tuple[IntArray, I64, F32] | None]
#: Width of the latitude bands people are sorted in before cutting blocks.
BAND_DEGREES = 0.25


@dataclass(frozen=True)
class TopK:
    """For each row (a person or an opening) its best candidates, best first.

    ``indices[i]`` are candidate positions (``-1`` pads rows with fewer than k feasible
    candidates) and ``scores[i]`` their scores (``-inf`` in padding).
    """

    ids: tuple[str, ...]
    candidate_ids: tuple[str, ...]
    indices: I64
    scores: F32

    def for_row(self, i: int) -> list[tuple[str, float]]:
        """The candidates of row ``i`` as ``(candidate id, score)`` pairs."""
        return [
            (self.candidate_ids[j], float(s))
            for j, s in zip(self.indices[i], self.scores[i], strict=True)
            if j >= 0
        ]


@dataclass(frozen=True)
class TopKResult:
    """Both directions plus how much work was done, with the model that produced it."""

    opportunities_for_people: TopK
    people_for_opportunities: TopK | None
    pairs_scored: int
    pairs_total: int
    model: str = MODEL_NAME
    version: str = MODEL_VERSION


def spatial_order(lat: NDArray[np.float64], lon: NDArray[np.float64]) -> IntArray:
    """Row order that keeps nearby people together: latitude band, then longitude.

    People without a place come last.
    """
    band = np.floor(np.nan_to_num(lat, nan=1000.0) / BAND_DEGREES)
    return np.lexsort((np.nan_to_num(lon, nan=0.0), band)).astype(np.intp)


def reachable_columns(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    limit_km: float,
    opportunities: EncodedOpportunities,
) -> IntArray:
    """Openings possibly within ``limit_km`` of some point in a set, plus those without a place.

    A superset of the feasible ones: the haversine distance is at least ``R * |dlat|``, and a
    point at latitude ``phi`` reaches at most ``asin(sin(L/R) / cos(phi))`` in longitude.
    """
    o_lat, o_lon = opportunities.lat, opportunities.lon
    unknown = np.isnan(o_lat) | np.isnan(o_lon)
    every = np.arange(len(o_lat), dtype=np.intp)
    if np.isnan(lat).any() or np.isnan(lon).any() or len(lat) == 0:
        return every
    ang = limit_km / EARTH_RADIUS_KM
    dlat = math.degrees(ang)
    lo_lat, hi_lat = float(lat.min()) - dlat, float(lat.max()) + dlat
    phi = math.radians(max(abs(lo_lat), abs(hi_lat)))
    if ang >= math.pi / 2 or phi >= math.radians(89.0):
        return every
    reach = math.sin(ang) / math.cos(phi)
    if reach >= 1.0:
        return every
    dlon = math.degrees(math.asin(reach)) + 1e-9
    lo_lon = float(lon.min()) - dlon
    span = float(lon.max()) + dlon - lo_lon
    if span >= 360.0:
        return every
    with np.errstate(invalid="ignore"):
        keep = (o_lat >= lo_lat) & (o_lat <= hi_lat) & (np.mod(o_lon - lo_lon, 360.0) <= span)
    return np.flatnonzero(keep | unknown).astype(np.intp)


def _best(scores: F32, k: int) -> tuple[IntArray, F32]:
    """Column positions and values of the k largest entries of each row (unordered)."""
    c = scores.shape[1]
    if k >= c:
        pos = np.broadcast_to(np.arange(c, dtype=np.intp), scores.shape).copy()
        return pos, scores.copy()
    # Selecting the k smallest of the negated scores stays fast with many -inf ties.
    pos = np.argpartition(np.negative(scores), k - 1, axis=1)[:, :k]
    return pos, np.take_along_axis(scores, pos, axis=1)


def _finish(indices: I64, scores: F32, min_score: float) -> tuple[I64, F32]:
    """Sort each row by score (desc) then index, and pad infeasible or low entries."""
    bad = ~(scores >= min_score)
    scores = np.where(bad, -np.inf, scores).astype(np.float32)
    indices = np.where(bad, -1, indices)
    key_idx = np.where(bad, np.iinfo(np.int64).max, indices)
    order = np.lexsort((key_idx, -scores.astype(np.float64)), axis=-1)
    return np.take_along_axis(indices, order, axis=1), np.take_along_axis(scores, order, axis=1)


def column_best(block: F32, rows: IntArray, kp: int) -> tuple[I64, F32]:
    """Each column's best ``kp`` entries within a block: (person indices, scores), unordered."""
    pos, val = _best(np.ascontiguousarray(block.T), min(kp, block.shape[0]))
    return rows[pos].astype(np.int64), val


def merge_columns(cols: IntArray, idx: I64, sc: F32, o_idx: I64, o_sc: F32) -> None:
    """Merge a block's per-column best into the openings' running top-k, in place.

    Only columns whose block best beats their current k-th best are touched, so after the first
    blocks that see an opening little work is left.
    """
    kp = o_sc.shape[1]
    if len(cols) == 0:
        return
    live = sc.max(axis=1) > o_sc[cols, kp - 1]
    if not live.any():
        return
    cols, idx, sc = cols[live], idx[live], sc[live]
    cand_idx = np.hstack([o_idx[cols], idx])
    cand_sc = np.hstack([o_sc[cols], sc])
    keep, keep_sc = _best(cand_sc, kp)
    order = np.argsort(-keep_sc, axis=1, kind="stable")
    o_idx[cols] = np.take_along_axis(np.take_along_axis(cand_idx, keep, axis=1), order, axis=1)
    o_sc[cols] = np.take_along_axis(keep_sc, order, axis=1)


def default_workers() -> int:
    """Threads that score blocks: the cores this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def top_k(
    people: EncodedPeople,
    opportunities: EncodedOpportunities,
    k: int = 50,
    *,
    k_people: int | None = None,
    block_size: int = 1024,
    min_score: float = 0.0,
    workers: int | None = None,
) -> TopKResult:
    """The ``k`` best openings per person and (unless ``k_people == 0``) the ``k_people`` best
    people per opening (default ``k``), both exact: equal to sorting every feasible pair.

    Pairs below ``min_score`` are left out. Blocks are scored (and each person's best picked)
    by ``workers`` threads (NumPy and SciPy release the GIL in the heavy loops) while this
    thread merges finished blocks, in order, into the openings' running top-k; at most
    ``workers + 1`` blocks are alive at once, so memory stays bounded. The result does not
    depend on the number of workers.
    """
    n, m = len(people.ids), len(opportunities.ids)
    kp = k if k_people is None else k_people
    p_idx = np.full((n, k), -1, dtype=np.int64)
    p_sc = np.full((n, k), -np.inf, dtype=np.float32)
    o_idx = np.full((m, kp), -1, dtype=np.int64)
    o_sc = np.full((m, kp), -np.inf, dtype=np.float32)
    order = spatial_order(people.lat, people.lon)
    starts = list(range(0, n, block_size))

    def work(start: int) -> Done:
        rows = order[start : start + block_size]
        limit = float(people.limit_km[rows].max())
        cols = reachable_columns(people.lat[rows], people.lon[rows], limit, opportunities)
        if len(cols) == 0:
            return (
                rows,
                cols,
                0,
                np.zeros((len(rows), 0), np.intp),
                np.zeros((len(rows), 0), F),
                None,
            )
        block = score_block(people, opportunities, rows, cols)
        pos, val = _best(block, min(k, len(cols)))
        best_cols = None
        if kp > 0:
            # Columns whose block best cannot beat their k-th best so far are skipped. The floor
            # read here may be a moment old (another thread merges), but floors only rise, so
            # a stale one skips less, never more: the result does not depend on the timing.
            live = np.flatnonzero(block.max(axis=0) > o_sc[cols, kp - 1])
            best_cols = (cols[live], *column_best(block[:, live], rows, kp))
        return rows, cols, block.size, pos, val, best_cols

    scored = 0

    def take(done: Done) -> None:
        nonlocal scored
        rows, cols, size, pos, val, best_cols = done
        scored += size
        kk = pos.shape[1]
        if kk:
            p_idx[rows, :kk] = cols[pos]
            p_sc[rows, :kk] = val
        if best_cols is not None:
            # merged here, in block order, so the result never depends on the threads' timing
            merge_columns(*best_cols, o_idx, o_sc)

    threads = default_workers() if workers is None else max(1, workers)
    if threads == 1 or len(starts) < 2:
        for start in starts:
            take(work(start))
    else:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            pending: deque[Future[Any]] = deque()
            for start in starts:
                pending.append(pool.submit(work, start))
                if len(pending) > threads:
                    take(pending.popleft().result())
            while pending:
                take(pending.popleft().result())
    p_idx, p_sc = _finish(p_idx, p_sc, min_score)
    people_side = TopK(people.ids, opportunities.ids, p_idx, p_sc)
    opp_side = None
    if kp > 0:
        o_idx, o_sc = _finish(o_idx, o_sc, min_score)
        opp_side = TopK(opportunities.ids, people.ids, o_idx, o_sc)
    return TopKResult(people_side, opp_side, pairs_scored=scored, pairs_total=n * m)


def candidate_edges(result: TopK) -> tuple[I64, I64, F32]:
    """(row, candidate, score) arrays of every kept pair, for building a candidate graph."""
    rows, slots = np.nonzero(result.indices >= 0)
    return (
        rows.astype(np.int64),
        result.indices[rows, slots].astype(np.int64),
        result.scores[rows, slots],
    )
