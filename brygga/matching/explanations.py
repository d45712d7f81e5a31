"""Translate the kernel's explanation parts (by ``code``) into the user's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from brygga.people.vocabularies import Adaptation
from brygga.taxonomy.vocabularies import language_name


def _num(value: Any) -> str:
    return f"{float(value):g}"


def describe_part(part: Mapping[str, Any], labels: Mapping[str, str]) -> str | None:
    """One sentence for one part, or None for parts that say nothing worth showing."""
    code = part.get("code")
    if code in ("skills_required", "skills_desired"):
        values = {"matched": part["matched"], "of": part["of"], "near": part["near"]}
        if code == "skills_required":
            text = (
                ngettext(
                    "has %(matched)s of %(of)s required skill",
                    "has %(matched)s of %(of)s required skills",
                    part["of"],
                )
                % values
            )
        else:
            text = (
                ngettext(
                    "has %(matched)s of %(of)s desired skill",
                    "has %(matched)s of %(of)s desired skills",
                    part["of"],
                )
                % values
            )
        if part["near"]:
            text += " " + _("(and %(near)s near)") % values
        missing = [labels.get(m, m) for m in part.get("missing", [])]
        if missing:
            text += " – " + _("missing: %(skills)s") % {"skills": ", ".join(missing)}
        return text
    if code == "occupation_match":
        return _("has worked as %(occupation)s") % {
            "occupation": labels.get(part["occupation"], part["occupation"])
        }
    if code == "occupation_near":
        return _("has worked as %(occupation)s, related to %(asked)s") % {
            "occupation": labels.get(part["occupation"], part["occupation"]),
            "asked": labels.get(part["asked"], part["asked"]),
        }
    if code == "occupation_other":
        return _("has not done this kind of work")
    if code == "language":
        values = {
            "language": language_name(str(part["language"])),
            "level": part["level"] or _("no level"),
            "asked": part["asked"],
        }
        return _("%(language)s %(level)s where %(asked)s is asked") % values
    if code == "hours":
        return _("%(asked)s of %(available)s hours a week") % {
            "asked": _num(part["asked"]),
            "available": _num(part["available"]),
        }
    if code == "distance":
        return _("%(km)s km away") % {"km": f"{float(part['km']):.0f}"}
    if code == "distance_remote":
        return _("remote work, no travel")
    if code == "adaptation_missing":
        return _("needs %(adaptation)s, which is not offered") % {
            "adaptation": _adaptation(str(part["adaptation"]))
        }
    if code == "language_below":
        return _("%(language)s %(level)s is below the %(asked)s required") % {
            "language": language_name(str(part["language"])),
            "level": part["level"] or _("no level"),
            "asked": part["asked"],
        }
    if code == "hours_over":
        return _("%(asked)s hours asked, %(available)s available") % {
            "asked": _num(part["asked"]),
            "available": _num(part["available"]),
        }
    if code == "too_far":
        return _("%(km)s km away, beyond %(limit)s km") % {
            "km": f"{float(part['km']):.0f}",
            "limit": _num(part["limit_km"]),
        }
    return None


def _adaptation(code: str) -> str:
    try:
        return str(Adaptation(code).label).lower()
    except ValueError:
        return code


def describe(parts: Sequence[Mapping[str, Any]], labels: Mapping[str, str]) -> list[str]:
    return [t for t in (describe_part(p, labels) for p in parts) if t]


def codes_in(parts: Sequence[Mapping[str, Any]]) -> set[str]:
    """Concept URIs named in ``parts`` (missing skills, matched occupations), to look up labels."""
    out: set[str] = set()
    for part in parts:
        out.update(str(m) for m in part.get("missing", []))
        for key in ("occupation", "asked"):
            if part.get("code", "").startswith("occupation") and key in part:
                out.add(str(part[key]))
    return out
