"""The matching kernel: pure computation (NumPy, SciPy, OR-Tools), no Django.

Every result object carries ``MODEL_NAME`` and ``MODEL_VERSION``; store them (with
``Params.describe()``) next to each saved result so that a number can be reproduced.
"""

from .allocate import (
    SCALE,
    Allocation,
    CandidateGraph,
    allocate,
    allocate_greedy,
    allocate_with_hours,
    gains,
)
from .block import score_block
from .encode import EncodedOpportunities, EncodedPeople, encode, expand_near
from .explain import explain, render_en
from .filters import check, haversine_km, passes
from .graph import allocation_to_json, graph_from_json, graph_to_json, read_graph, solve_graph
from .model import (
    CEFR_LEVELS,
    MODEL_NAME,
    MODEL_VERSION,
    Hierarchy,
    Opportunity,
    Params,
    Person,
    Weights,
    cefr_rank,
)
from .score import Component, Match, score_pair
from .topk import TopK, TopKResult, candidate_edges, top_k

__all__ = [
    "CEFR_LEVELS",
    "MODEL_NAME",
    "MODEL_VERSION",
    "SCALE",
    "Allocation",
    "CandidateGraph",
    "Component",
    "EncodedOpportunities",
    "EncodedPeople",
    "Hierarchy",
    "Match",
    "Opportunity",
    "Params",
    "Person",
    "TopK",
    "TopKResult",
    "Weights",
    "allocate",
    "allocate_greedy",
    "allocate_with_hours",
    "allocation_to_json",
    "candidate_edges",
    "cefr_rank",
    "check",
    "encode",
    "expand_near",
    "explain",
    "gains",
    "graph_from_json",
    "graph_to_json",
    "haversine_km",
    "passes",
    "read_graph",
    "render_en",
    "score_block",
    "score_pair",
    "solve_graph",
    "top_k",
]
