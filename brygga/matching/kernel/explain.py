"""Explanations as structured parts (for the Django layer to translate) and plain English.

``explain(match)`` returns a list of dicts, each with a ``code``; score components carry their
``points`` so the parts add up to the score, e.g.::

    {"code": "skills_required", "matched": 4, "near": 0, "of": 5, "missing": ["..."],
     "component": "skills", "points": 0.36}
"""

from __future__ import annotations

from typing import Any

from .score import Match

LANGUAGE_NAMES = {
    "sv": "Swedish",
    "da": "Danish",
    "no": "Norwegian",
    "nb": "Norwegian",
    "fi": "Finnish",
    "en": "English",
    "uk": "Ukrainian",
    "ru": "Russian",
    "ar": "Arabic",
    "so": "Somali",
    "fa": "Persian",
    "prs": "Dari",
    "ti": "Tigrinya",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "tr": "Turkish",
    "ku": "Kurdish",
}


def explain(match: Match) -> list[dict[str, Any]]:
    """Structured parts: failures first (if any), then every detail of every component."""
    parts: list[dict[str, Any]] = [dict(f, component="filter", points=0.0) for f in match.failures]
    for component in match.components:
        details = component.details or ({"code": component.name},)
        for i, detail in enumerate(details):
            part = dict(detail, component=component.name)
            # The component's points sit on its first part, so the points add up to the score.
            part["points"] = component.points if i == 0 and match.feasible else 0.0
            parts.append(part)
    return parts


def _lang(code: object) -> str:
    return LANGUAGE_NAMES.get(str(code), str(code))


def _render(part: dict[str, Any]) -> str | None:
    code = part["code"]
    if code in ("skills_required", "skills_desired"):
        kind = "required" if code == "skills_required" else "desired"
        text = f"matches {part['matched']} of {part['of']} {kind} skills"
        if part["near"]:
            text += f" (and {part['near']} near)"
        return text
    if code == "occupation_match":
        return "same occupation"
    if code == "occupation_near":
        return "related occupation"
    if code == "language":
        have = part["level"] or "none"
        return f"{_lang(part['language'])} {have} where {part['asked']} is asked"
    if code == "hours":
        return f"{part['asked']:g} of {part['available']:g} hours a week"
    if code == "distance":
        return f"{part['km']:.0f} km"
    if code == "distance_remote":
        return "no travel"
    if code == "adaptation_missing":
        return f"needs {part['adaptation']}, not offered"
    if code == "language_below":
        have = part["level"] or "no"
        return f"{_lang(part['language'])} {have} below the {part['asked']} required"
    if code == "hours_over":
        return f"{part['asked']:g} hours asked, {part['available']:g} available"
    if code == "too_far":
        return f"{part['km']:.0f} km, beyond {part['limit_km']:g} km"
    return None


def render_en(parts: list[dict[str, Any]]) -> str:
    """Plain English, e.g. "matches 4 of 5 required skills; Swedish B1 where A2 is asked; 12 km"."""
    texts = [t for t in (_render(p) for p in parts) if t]
    return "; ".join(texts)
