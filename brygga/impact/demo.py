"""The impact app's part of the demo world (called by ``brygga seed_demo``).

Bodens kommun copies the Swedish parameter set and uses its own income-support
level; it has two scenarios: one on assumptions (with uncertainty ranges, so
the Monte Carlo band shows) and one from the case records of the ESF+ project
23-051-S06. Both are computed. Deterministic: only ``rng`` is drawn from.
"""

from __future__ import annotations

import random

from brygga.core.models import Membership, Organisation, Role, User
from brygga.projects.models import Project

from . import services
from .models import Basis, DiscountChoice, ResultStatus, ScenarioResult

ANALYST = "analytiker.boden"


def seed_demo(rng: random.Random) -> dict[str, str]:
    from brygga.devtools.demo import DEMO_PASSWORD

    boden = Organisation.objects.get(name="Bodens kommun")
    analyst = User.objects.create_user(username=ANALYST, password=DEMO_PASSWORD, first_name="Anna")
    Membership.objects.create(user=analyst, organisation=boden, role=Role.ANALYST)

    shipped = {row.key: row for row in services.ensure_shipped_parameter_sets()}
    copy = services.copy_parameter_set(analyst, boden, shipped["se-2025"])
    services.set_override(
        analyst,
        copy,
        services.OverrideData(
            name="income_support_per_household_year",
            value=float(rng.choice([86_400, 88_200, 90_000])),
            reason="Bodens kommun pays more per household than the national average "
            "(synthetic demo figure from the municipality's own accounts).",
            source="Bodens kommun, socialnämndens bokslut (demo)",
            year=2025,
        ),
    )
    common = {
        "parameter_set": copy,
        "start_state": "income_support",
        "success_state": "full_time_job",
        "start_age": 28,
        "persistence": 0.85,
        "deadweight": 0.15,
        "cost_years": 2,
        "paid_by": {"municipality": 1.0},
        "discount": DiscountChoice.CONSTANT,
        "discount_rate": 0.035,
        "draws": 1000,
        "seed": rng.randint(1, 10_000),
    }
    assumed = services.save_scenario(
        analyst,
        boden,
        {
            **common,
            "name": "Växtzon: 40 deltagare med ekonomiskt bistånd",
            "description": "Assumptions: 40 persons on income support, a quarter in work "
            "after the intervention.",
            "basis": Basis.ASSUMPTIONS,
            "target_group": "Adults on income support (demo)",
            "persons": 40,
            "horizon_years": 10,
            "success_rate": 0.25,
            "counterfactual_rate": 0.05,
            "cost_per_participant": 60_000.0,
            "cost_per_year": 400_000.0,
            "ranges": {
                "success_rate": [0.15, 0.35],
                "persistence": [0.7, 0.95],
                "deadweight": [0.0, 0.3],
            },
        },
    )
    esf = Project.objects.get(diarienummer="23-051-S06")
    records = services.save_scenario(
        analyst,
        boden,
        {
            **common,
            "name": "ESF+ 23-051-S06: från journalerna",
            "description": "The journeys of Bodens kommun's participants in the ESF+ project, "
            "observed so far and projected with the assumptions.",
            "basis": Basis.RECORDS,
            "project": esf,
            "target_group": "Participants of Samverkan för ASF i södra Norrbotten 2.0",
            "horizon_years": 6,
            "cost_per_participant": 45_000.0,
            "ranges": {"persistence": [0.7, 0.95], "deadweight": [0.0, 0.3]},
        },
    )
    for scenario in (assumed, records):
        result = ScenarioResult.objects.create(scenario=scenario, created_by=analyst)
        services.compute_result(result.pk)
        result.refresh_from_db()
        if result.status != ResultStatus.DONE:
            raise RuntimeError(f"demo scenario {scenario.name!r} failed: {result.error}")
    return {ANALYST: "analyst, Bodens kommun (socioeconomic accounts)"}
