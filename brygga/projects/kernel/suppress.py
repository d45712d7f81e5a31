"""Small-count suppression for aggregates shown to analysts or exported outside the owner.

Primary suppression: a count from 1 to ``threshold - 1`` is hidden (None). Zero
is shown: it tells nothing about any one person.

Complementary (secondary) suppression: a hidden cell that is the only hidden
cell of a group adding up to a shown total could be computed back as the total
minus the shown parts. So in every such group, the smallest other non-zero
part is hidden too (or the total, when no part is non-zero). Groups are the
gender cells of a row (adding up to the row's total) and, in a table, the rows
of a partition in each column (the education bands adding up to EECO01 for
women, for men, …). Hiding a cell can leave another group with a single hidden
cell, so the rule is applied until nothing changes.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

THRESHOLD = 5
TOTAL = "total"

K = TypeVar("K", bound=Hashable)


def is_small(value: int | None, threshold: int = THRESHOLD) -> bool:
    return value is not None and 0 < value < threshold


def suppress_value(value: int | None, threshold: int = THRESHOLD) -> int | None:
    return None if is_small(value, threshold) else value


def complete(
    values: Mapping[K, int | None],
    groups: Sequence[tuple[Sequence[K], K]],
    threshold: int = THRESHOLD,
) -> dict[K, int | None]:
    """``values`` with small counts hidden and every group protected.

    ``groups`` are (parts, total) whose counts add up: when exactly one cell of
    a group is hidden, the smallest other non-zero part is hidden too (ties by
    position), or the total when no shown part is non-zero. Cells that are None
    to begin with (not known) take no part.
    """
    shown: dict[K, int | None] = {k: suppress_value(v, threshold) for k, v in values.items()}

    def hidden(key: K) -> bool:
        return values.get(key) is not None and shown.get(key) is None

    changed = True
    while changed:
        changed = False
        for parts, total in groups:
            cells = [*parts, total]
            if sum(1 for k in cells if hidden(k)) != 1:
                continue
            candidates = [
                (shown[k] or 0, i, k)
                for i, k in enumerate(parts)
                if k in shown and shown[k] is not None and (shown[k] or 0) > 0
            ]
            if candidates:
                shown[min(candidates, key=lambda c: (c[0], c[1]))[2]] = None
                changed = True
            elif total in shown and shown[total] is not None and values.get(total):
                shown[total] = None
                changed = True
    return shown


def suppress_row(
    cells: Mapping[str, int | None], total: int | None, threshold: int = THRESHOLD
) -> tuple[dict[str, int | None], int | None]:
    """``cells`` (parts of ``total``) and the total, with small counts hidden."""
    values: dict[str, int | None] = {**{f"part:{k}": v for k, v in cells.items()}}
    values[TOTAL] = total
    parts = [f"part:{k}" for k in cells]
    shown = complete(values, [(parts, TOTAL)], threshold)
    return {k: shown[f"part:{k}"] for k in cells}, shown[TOTAL]


def suppress_table(
    rows: Mapping[str, Mapping[str, int | None]],
    partitions: Sequence[tuple[Sequence[str], str]] = (),
    threshold: int = THRESHOLD,
) -> dict[str, dict[str, int | None]]:
    """A table of rows (each: gender cells and ``"total"``) with small counts hidden.

    Each row's cells add up to its total; each partition (row keys, total row
    key) adds up column by column. Partitions naming a row not in the table are
    ignored.
    """
    values: dict[tuple[str, str], int | None] = {
        (row, column): value for row, cells in rows.items() for column, value in cells.items()
    }
    groups: list[tuple[Sequence[tuple[str, str]], tuple[str, str]]] = []
    for row, cells in rows.items():
        groups.append(([(row, c) for c in cells if c != TOTAL], (row, TOTAL)))
    for parts, total_row in partitions:
        if total_row not in rows or any(p not in rows for p in parts):
            continue
        for column in rows[total_row]:
            groups.append(([(p, column) for p in parts], (total_row, column)))
    shown = complete(values, groups, threshold)
    return {row: {c: shown[(row, c)] for c in cells} for row, cells in rows.items()}


def suppress_series(values: Sequence[int], threshold: int = THRESHOLD) -> list[int | None]:
    return [suppress_value(v, threshold) for v in values]
