"""Matching kernel benchmark: figures side by side with their floors and baselines, one run.

    .venv/bin/python benchmarks/matching.py [--small]

1. Top-50 both ways for 100 000 participants x 20 000 openings (targets: < 15 s, < 4 GB peak
   RSS), beside the bare sparse skill product over all pairs (the floor of a brute-force
   method) and scikit-learn's brute-force NearestNeighbors (cosine) on the same skill vectors.
2. Allocation on the resulting candidate graph (~5 000 000 edges; target < 10 s), beside the
   bare OR-Tools solve (the floor) and the greedy baseline; then a 5 000 x 1 000 instance
   beside networkx's network simplex (min-cost flow).

Synthetic data: people and openings around Swedish towns weighted by population, a fifth spread
over the country, 1-3 % without a place; skills in sibling groups of ten.
scikit-learn and networkx are optional and benchmark-only.
"""

from __future__ import annotations

import argparse
import resource
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.sparse as sp

from brygga.matching.kernel import (
    CandidateGraph,
    Params,
    allocate,
    allocate_greedy,
    candidate_edges,
    gains,
    top_k,
)
from brygga.matching.kernel.allocate import flow_model
from brygga.matching.kernel.encode import (
    EncodedOpportunities,
    EncodedPeople,
    expand_near,
    opportunity_arrays,
    people_arrays,
)
from brygga.matching.kernel.topk import default_workers

TOWNS = [  # (lat, lon, population in thousands)
    (59.33, 18.07, 1600),
    (57.71, 11.97, 600),
    (55.60, 13.00, 350),
    (59.86, 17.64, 230),
    (58.41, 15.62, 165),
    (59.27, 15.21, 155),
    (59.61, 16.55, 155),
    (56.05, 12.69, 150),
    (57.78, 14.16, 140),
    (58.59, 16.19, 140),
    (63.83, 20.26, 130),
    (60.67, 17.14, 100),
    (60.49, 15.44, 90),
    (55.71, 13.19, 125),
    (56.88, 14.81, 95),
    (62.39, 17.31, 100),
    (65.58, 22.15, 80),
    (63.18, 14.64, 65),
    (56.16, 15.59, 65),
    (58.28, 12.29, 60),
]
SKILLS, GROUP = 3000, 10
OCCUPATIONS, OCC_GROUP = 400, 10
LANGUAGES, ADAPTATIONS = 4, 6


def peak_rss_gb() -> float:
    """Peak resident set size of this process so far, in GB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def places(rng: np.random.Generator, n: int, unknown: float) -> tuple[np.ndarray, np.ndarray]:
    weights = np.array([t[2] for t in TOWNS], dtype=float)
    town = rng.choice(len(TOWNS), size=n, p=weights / weights.sum())
    lat = np.array([TOWNS[t][0] for t in town]) + rng.normal(0, 0.12, n)
    lon = np.array([TOWNS[t][1] for t in town]) + rng.normal(0, 0.2, n)
    rural = rng.random(n) < 0.2
    lat[rural] = rng.uniform(55.4, 67.5, rural.sum())
    lon[rural] = rng.uniform(12.0, 22.0, rural.sum())
    gone = rng.random(n) < unknown
    lat[gone] = np.nan
    lon[gone] = np.nan
    return lat, lon


def concept_sets(
    rng: np.random.Generator, n: int, lo: int, hi: int, size: int, group: int, groups: int
) -> sp.csr_matrix:
    """0/1 rows with lo..hi concepts drawn from 1..groups random sibling groups."""
    counts = rng.integers(lo, hi + 1, n)
    rows = np.repeat(np.arange(n), counts)
    n_groups = size // group
    chosen = rng.integers(0, n_groups, (n, groups))
    pick = chosen[rows, rng.integers(0, groups, len(rows))]
    cols = pick * group + rng.integers(0, group, len(rows))
    m = sp.csr_matrix((np.ones(len(rows), np.float32), (rows, cols)), shape=(n, size))
    m.data[:] = 1.0
    return m


def sibling_matrix(size: int, group: int) -> sp.csr_matrix:
    block = np.ones((group, group), np.float32) - np.eye(group, dtype=np.float32)
    return sp.csr_matrix(sp.block_diag([block] * (size // group), format="csr"))


def make_world(
    n: int, m: int, params: Params, seed: int = 7
) -> tuple[EncodedPeople, EncodedOpportunities, sp.csr_matrix, sp.csr_matrix]:
    rng = np.random.default_rng(seed)
    exact = concept_sets(rng, n, 3, 10, SKILLS, GROUP, 3)
    skills = expand_near(exact, sibling_matrix(SKILLS, GROUP), params.near_skill_credit)
    occ_exact = concept_sets(rng, n, 1, 2, OCCUPATIONS, OCC_GROUP, 1)
    occ_near = expand_near(occ_exact, sibling_matrix(OCCUPATIONS, OCC_GROUP), 1.0) - occ_exact
    ranks = rng.integers(0, 7, (n, LANGUAGES)).astype(np.uint8)
    ranks[:, 0] = rng.integers(1, 7, n)
    needs = (rng.random((n, ADAPTATIONS)) < 0.04).astype(np.float32)
    hours = rng.choice([10.0, 20.0, 30.0, 40.0, np.nan], n)
    lat, lon = places(rng, n, 0.01)
    people = people_arrays(
        ids=[f"p{i}" for i in range(n)],
        skills=skills,
        occ_exact=occ_exact,
        occ_near=sp.csr_matrix(occ_near),
        lang_ranks=ranks,
        needs=needs,
        hours=hours,
        lat=lat,
        lon=lon,
        limit_km=rng.choice([20.0, 30.0, 50.0, 80.0], n),
    )
    required = concept_sets(rng, m, 3, 6, SKILLS, GROUP, 2)
    desired = concept_sets(rng, m, 0, 3, SKILLS, GROUP, 2)
    lang_min = np.zeros((m, LANGUAGES), np.uint8)
    lang_min[:, 0] = rng.choice([0, 2, 3, 3, 4], m)
    lang_target = lang_min.copy()
    lang_target[:, 1] = rng.choice([0, 0, 0, 3, 4], m)
    o_lat, o_lon = places(rng, m, 0.03)
    opps = opportunity_arrays(
        ids=[f"o{j}" for j in range(m)],
        required=required,
        desired=desired,
        occupations=concept_sets(rng, m, 1, 1, OCCUPATIONS, OCC_GROUP, 1),
        lang_min=lang_min,
        lang_target=lang_target,
        not_offered=(rng.random((m, ADAPTATIONS)) < 0.5).astype(np.float32),
        hours=rng.choice([4.0, 8.0, 20.0, 30.0, 40.0], m),
        lat=o_lat,
        lon=o_lon,
        seats=rng.integers(1, 6, m),
        params=params,
    )
    return people, opps, exact, sp.csr_matrix(required + desired)


def bare_product(people: EncodedPeople, opps: EncodedOpportunities, block: int) -> float:
    """Checksum of the sparse skill product over every pair, in dense blocks (the floor)."""
    total = 0.0
    for start in range(0, people.skills.shape[0], block):
        dense = (people.skills[start : start + block] @ opps.skills).toarray()
        total += float(dense[:, 0].sum())
    return total


def row(name: str, seconds: float, floor: float | None = None, note: str = "") -> None:
    ratio = f"{seconds / floor:8.2f}x" if floor else " " * 9
    print(f"  {name:<44} {seconds:9.2f} s {ratio}  {note}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", action="store_true", help="10 000 x 2 000, quick")
    parser.add_argument("--quick", action="store_true", help="skip the one-thread comparison run")
    args = parser.parse_args()
    n, m, k = (10_000, 2_000, 50) if args.small else (100_000, 20_000, 50)
    params = Params()
    t_gen, (people, opps, _, _) = timed(lambda: make_world(n, m, params))
    print(f"matching kernel benchmark: {n:,} people x {m:,} openings, k={k}")
    print(f"  (synthetic data generated in {t_gen:.1f} s, peak RSS {peak_rss_gb():.2f} GB)\n")

    print(f"top-k ({default_workers()} scoring threads by default)")
    t_top, result = timed(lambda: top_k(people, opps, k, k_people=k, block_size=1024))
    rss = peak_rss_gb()
    t_floor, _ = timed(lambda: bare_product(people, opps, 1024))
    row("bare skill product, all pairs (floor)", t_floor, t_floor)
    row(
        "kernel top-50 both ways (all components)",
        t_top,
        t_floor,
        f"target < 15 s; peak RSS {rss:.2f} GB (target < 4); "
        f"scored {result.pairs_scored / result.pairs_total:.1%} of pairs",
    )
    if not args.quick:
        t_one, one = timed(lambda: top_k(people, opps, k, k_people=k, workers=1))
        same = np.array_equal(
            one.opportunities_for_people.indices, result.opportunities_for_people.indices
        )
        row(
            "kernel top-50, one thread",
            t_one,
            t_floor,
            f"threads {t_one / t_top:.2f}x faster; same result: {same}",
        )
    try:
        from sklearn.neighbors import NearestNeighbors
    except ImportError:
        print("  scikit-learn not installed: NearestNeighbors skipped")
    else:
        nn = NearestNeighbors(n_neighbors=k, algorithm="brute", metric="cosine", n_jobs=1)
        nn.fit(opps.skills.T.tocsr())
        t_nn, _ = timed(lambda: nn.kneighbors(people.skills))
        row(
            "scikit-learn NearestNeighbors brute (cosine)",
            t_nn,
            t_floor,
            f"kernel is {t_nn / t_top:.1f}x faster",
        )

    print("\nallocation")
    rows_, cands, scores = candidate_edges(result.opportunities_for_people)
    graph = CandidateGraph(people.ids, opps.ids, opps.seats, rows_, cands, scores)
    gain = gains(graph)
    solver, _ = flow_model(graph, gain)
    t_solve, _ = timed(solver.solve)
    t_alloc, best = timed(lambda: allocate(graph))
    t_greedy, greedy = timed(lambda: allocate_greedy(graph))
    print(f"  candidate graph: {graph.n_edges:,} edges, {int(opps.seats.sum()):,} seats")
    row("bare OR-Tools min-cost flow solve (floor)", t_solve, t_solve)
    row(
        "kernel allocate (build + solve + extract)",
        t_alloc,
        t_solve,
        f"target < 10 s; placed {len(best.edges):,}, total score {best.total_score:,.1f}",
    )
    row(
        "greedy baseline",
        t_greedy,
        t_solve,
        f"placed {len(greedy.edges):,}, total {greedy.total_score:,.1f} "
        f"({greedy.total_score / best.total_score:.2%} of optimal)",
    )

    print("\nallocation, 5 000 x 1 000 instance")
    small_p, small_o, _, _ = make_world(5_000, 1_000, params, seed=11)
    res = top_k(small_p, small_o, k, k_people=0)
    r2, c2, s2 = candidate_edges(res.opportunities_for_people)
    g2 = CandidateGraph(small_p.ids, small_o.ids, small_o.seats, r2, c2, s2)
    t_small, best2 = timed(lambda: allocate(g2))
    print(f"  candidate graph: {g2.n_edges:,} edges")
    row("kernel allocate", t_small, t_small, f"total {best2.total_score:,.2f}")
    try:
        import networkx as nx
    except ImportError:
        print("  networkx not installed: skipped")
        return
    g2_gain = gains(g2)

    def networkx_flow() -> float:
        dg = nx.DiGraph()
        live = np.flatnonzero(g2_gain > 0)
        dg.add_node("sink", demand=len(g2.person_ids))
        for p in range(len(g2.person_ids)):
            dg.add_node(("p", p), demand=-1)
            dg.add_edge(("p", p), "sink", capacity=1, weight=0)
        for o, cap in enumerate(g2.capacity.tolist()):
            dg.add_edge(("o", o), "sink", capacity=cap, weight=0)
        for e in live.tolist():
            dg.add_edge(
                ("p", int(g2.person[e])),
                ("o", int(g2.opportunity[e])),
                capacity=1,
                weight=-int(g2_gain[e]),
            )
        cost, _ = nx.network_simplex(dg)
        return -cost / 1_000_000

    t_nx, nx_total = timed(networkx_flow)
    row(
        "networkx network_simplex (min-cost flow)",
        t_nx,
        t_small,
        f"total {nx_total:,.2f} (same optimum: {abs(nx_total - best2.objective / 1e6) < 1e-6})",
    )


if __name__ == "__main__":
    main()
