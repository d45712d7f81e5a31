"""Small-count suppression for aggregates shown to analysts or exported outside the owner.

A count from 1 to ``threshold - 1`` is hidden (None). When exactly one cell of a
row that is shown with its total is hidden, the total would give it away, so
the smallest other non-zero cell is hidden too (or the total when there is
none). Zero is shown: it tells nothing about any one person.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

THRESHOLD = 5


def is_small(value: int | None, threshold: int = THRESHOLD) -> bool:
    return value is not None and 0 < value < threshold


def suppress_value(value: int | None, threshold: int = THRESHOLD) -> int | None:
    return None if is_small(value, threshold) else value


def suppress_row(
    cells: Mapping[str, int | None], total: int | None, threshold: int = THRESHOLD
) -> tuple[dict[str, int | None], int | None]:
    """``cells`` (parts of ``total``) and the total, with small counts hidden."""
    shown: dict[str, int | None] = {k: suppress_value(v, threshold) for k, v in cells.items()}
    shown_total = suppress_value(total, threshold)
    hidden = [k for k, v in cells.items() if v is not None and shown[k] is None]
    if len(hidden) == 1 and shown_total is not None:
        others = [k for k, v in shown.items() if v is not None and v > 0]
        if others:
            smallest = min(others, key=lambda k: (shown[k] or 0, k))
            shown[smallest] = None
        else:
            shown_total = None
    return shown, shown_total


def suppress_series(values: Sequence[int], threshold: int = THRESHOLD) -> list[int | None]:
    return [suppress_value(v, threshold) for v in values]
