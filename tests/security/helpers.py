"""What the attack tests share: the cast from the demo world, figures for the summary."""

from __future__ import annotations

from collections import Counter

#: What was counted → count; printed after the run (docs/security.md quotes them).
FIGURES: Counter[str] = Counter()

#: The cast the attack tests act as (root conftest.py).
CASE_WORKER = "alice"
ORG_ADMIN = "adam"
ENTERPRISE_STAFF = "charlie"
OUTSIDER = "olga"
#: The first name of the outsider's participant: it must never show at Boden.
OUTSIDER_NAME = "Zebulonia"
