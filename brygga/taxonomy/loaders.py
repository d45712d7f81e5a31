"""Read classification files into plain rows (no database here).

* ESCO in the Tabiya CSV layout (``occupations.csv``, ``ISCOGroups.csv``,
  ``skillGroups.csv``, the hierarchies, and when present ``skills.csv`` and the
  occupation-to-skill relations; the official portal's file names and the
  Tabiya export names are both accepted);
* the JobTech taxonomy's ``concept-to-taxonomy.json`` (Swedish labels);
* Brygga's starter vocabulary (``data/starter.json``).

Each reader returns a :class:`Batch`: concept rows, relation rows and the
problems found (each bad row reported with its file and line, never dropped in
silence).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STARTER_FILE = Path(__file__).resolve().parent / "data" / "starter.json"


@dataclass
class ConceptRow:
    uri: str
    kind: str
    scheme: str
    #: language -> labels, the preferred label first.
    labels: dict[str, list[str]]
    isco_code: str = ""
    esco_code: str = ""
    description: str = ""


@dataclass
class Batch:
    concepts: list[ConceptRow] = field(default_factory=list)
    #: (source URI, target URI, kind): for "broader" the target is the parent.
    relations: list[tuple[str, str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    #: relations whose ends are not in the files read (e.g. skills when skills.csv is absent).
    unresolved: int = 0


class TaxonomyFileError(Exception):
    """The directory or file cannot be read as the expected layout."""


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split("\n") if v.strip()]


def _find(directory: Path, *names: str) -> Path | None:
    for name in names:
        path = directory / name
        if path.is_file():
            return path
    return None


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, restval="")
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise TaxonomyFileError(f"{path.name}: missing columns {', '.join(missing)}")
            # record number counted from the header (1), not the physical line: labels span lines
            for number, row in enumerate(reader, start=2):
                if any("\x00" in str(value) for value in row.values()):
                    raise TaxonomyFileError(f"{path.name}: record {number} holds a NUL byte")
                yield number, row
    except (UnicodeDecodeError, csv.Error) as exc:  # not UTF-8, or NUL bytes
        raise TaxonomyFileError(f"{path.name}: not a CSV file in UTF-8 ({exc})") from exc


def read_esco(directory: Path, language: str = "en") -> Batch:
    """Read an ESCO export from ``directory``: the Tabiya CSV layout, or the ESCO portal's own
    download (``occupations_<language>.csv`` and friends, see :func:`read_esco_portal`)."""
    if not directory.is_dir():
        raise TaxonomyFileError(f"{directory} is not a directory")
    if (directory / f"occupations_{language}.csv").is_file():
        return read_esco_portal(directory, language)
    batch = Batch()
    ids: dict[str, str] = {}  # CSV ID -> URI

    def concept_file(path: Path | None, kind: str, code_column: str | None) -> None:
        if path is None:
            return
        need = ("ORIGINURI", "ID", "PREFERREDLABEL", "ALTLABELS")
        for line, row in _rows(path, need):
            uri, label = row["ORIGINURI"].strip(), row["PREFERREDLABEL"].strip()
            if not uri or not label or not row["ID"].strip():
                batch.problems.append(f"{path.name} record {line}: no URI, ID or preferred label")
                continue
            if row["ID"] in ids:
                batch.problems.append(f"{path.name} record {line}: ID {row['ID']} appears twice")
                continue
            ids[row["ID"]] = uri
            alts = [a for a in _split(row["ALTLABELS"]) if a != label]
            isco = ""
            esco_code = ""
            if kind == "occupation":
                isco = row.get("ISCOGROUPCODE", "").strip()
                esco_code = row.get("CODE", "").strip()
            elif kind == "isco_group":
                isco = row.get("CODE", "").strip()
            elif code_column:
                esco_code = row.get(code_column, "").strip()
            batch.concepts.append(
                ConceptRow(
                    uri=uri,
                    kind=kind,
                    scheme="esco",
                    labels={language: [label, *alts]},
                    isco_code=isco if len(isco) <= 4 else "",
                    esco_code=esco_code,
                    description=row.get("DESCRIPTION", "").strip(),
                )
            )

    concept_file(_find(directory, "ISCOGroups.csv", "isco_groups.csv"), "isco_group", None)
    occupations = _find(directory, "occupations.csv")
    if occupations is None:
        raise TaxonomyFileError(f"{directory}: occupations.csv not found")
    concept_file(occupations, "occupation", None)
    concept_file(_find(directory, "skillGroups.csv", "skill_groups.csv"), "skill_group", "CODE")
    concept_file(_find(directory, "skills.csv"), "skill", None)

    def links(path: Path | None, columns: tuple[str, str, str], fixed_kind: str | None) -> None:
        if path is None:
            return
        source_col, kind_col, target_col = columns
        need = tuple(c for c in columns if c)
        for line, row in _rows(path, need):
            kind = fixed_kind or row[kind_col].strip()
            if kind not in ("broader", "essential", "optional"):
                batch.problems.append(f"{path.name} record {line}: unknown relation type {kind!r}")
                continue
            source, target = ids.get(row[source_col]), ids.get(row[target_col])
            if source is None or target is None:
                batch.unresolved += 1
                continue
            if source != target:
                batch.relations.append((source, target, kind))

    # hierarchies: child → parent as "broader"
    for path in (
        _find(directory, "occupations_hierarchy.csv", "occupation_hierarchy.csv"),
        _find(directory, "skills_hierarchy.csv", "skill_hierarchy.csv"),
    ):
        links(path, ("CHILDID", "", "PARENTID"), "broader")
    links(
        _find(directory, "skill_skill_relations.csv", "skill_to_skill_relations.csv"),
        ("REQUIRINGID", "RELATIONTYPE", "REQUIREDID"),
        None,
    )
    links(
        _find(directory, "occupation_skill_relations.csv", "occupation_to_skill_relations.csv"),
        ("OCCUPATIONID", "RELATIONTYPE", "SKILLID"),
        None,
    )
    return batch


#: conceptType in the ESCO portal's files → kind
PORTAL_KINDS = {
    "Occupation": "occupation",
    "KnowledgeSkillCompetence": "skill",
    "SkillGroup": "skill_group",
    "ISCOGroup": "isco_group",
}


def read_esco_portal(directory: Path, language: str) -> Batch:
    """Read the ESCO portal's CSV download in one language (``*_<language>.csv``).

    Concepts: ``occupations``, ``skills``, ``skillGroups``, ``ISCOGroups`` (columns conceptType,
    conceptUri, preferredLabel, altLabels, and code / iscoGroup / description where present).
    Links, by URI: ``broaderRelationsOccPillar`` and ``broaderRelationsSkillPillar`` (conceptUri,
    broaderUri), ``occupationSkillRelations`` (occupationUri, relationType, skillUri),
    ``skillSkillRelations`` (originalSkillUri, relationType, relatedSkillUri). Load another
    language's files the same way to add its labels to the same concepts.
    """
    batch = Batch()
    known: set[str] = set()
    for stem, kind in (
        ("ISCOGroups", "isco_group"),
        ("occupations", "occupation"),
        ("skillGroups", "skill_group"),
        ("skills", "skill"),
    ):
        path = directory / f"{stem}_{language}.csv"
        if not path.is_file():
            continue
        for line, row in _rows(path, ("conceptUri", "preferredLabel")):
            uri, label = row["conceptUri"].strip(), row["preferredLabel"].strip()
            row_kind = PORTAL_KINDS.get(row.get("conceptType", "").strip(), kind)
            if not uri or not label:
                batch.problems.append(f"{path.name} record {line}: no conceptUri or preferredLabel")
                continue
            known.add(uri)
            code = (row.get("code") or "").strip()
            batch.concepts.append(
                ConceptRow(
                    uri=uri,
                    kind=row_kind,
                    scheme="esco",
                    labels={language: [label, *[a for a in _split(row.get("altLabels") or "")
                                                if a != label]]},
                    isco_code=(row.get("iscoGroup") or "").strip()[:4] if row_kind == "occupation"
                    else code[:4] if row_kind == "isco_group" else "",
                    esco_code=code if row_kind in ("occupation", "skill_group") else "",
                    description=(row.get("description") or "").strip(),
                )
            )  # fmt: skip

    def links(stem: str, source: str, kind_col: str | None, target: str) -> None:
        path = directory / f"{stem}_{language}.csv"
        if not path.is_file():
            return
        need = tuple(c for c in (source, kind_col, target) if c)
        for line, row in _rows(path, need):
            kind = "broader" if kind_col is None else row[kind_col].strip().lower()
            if kind not in ("broader", "essential", "optional"):
                batch.problems.append(f"{path.name} record {line}: unknown relation type {kind!r}")
                continue
            a, b = row[source].strip(), row[target].strip()
            if a not in known or b not in known:
                batch.unresolved += 1
                continue
            if a != b:
                batch.relations.append((a, b, kind))

    links("broaderRelationsOccPillar", "conceptUri", None, "broaderUri")
    links("broaderRelationsSkillPillar", "conceptUri", None, "broaderUri")
    links("occupationSkillRelations", "occupationUri", "relationType", "skillUri")
    links("skillSkillRelations", "originalSkillUri", "relationType", "relatedSkillUri")
    if not known:
        raise TaxonomyFileError(f"{directory}: no *_{language}.csv concept files found")
    return batch


#: JobTech concept types loaded, and the kind they become.
JOBTECH_KINDS = {"skill": "skill", "occupation-name": "occupation"}


def read_jobtech(path: Path) -> Batch:
    """Read JobTech's ``concept-to-taxonomy.json``: Swedish skills and occupation names."""
    try:
        with path.open(encoding="utf-8") as handle:
            document: Any = json.load(handle)
    except (OSError, ValueError) as exc:
        raise TaxonomyFileError(f"{path}: {exc}") from exc
    if not isinstance(document, dict):
        raise TaxonomyFileError(f"{path}: expected an object of concepts")
    batch = Batch()
    for concept_id, entry in sorted(document.items()):
        if not isinstance(entry, dict):
            batch.problems.append(f"{concept_id}: not an object")
            continue
        kind = JOBTECH_KINDS.get(str(entry.get("type", "")))
        if kind is None:
            continue
        label = str(entry.get("preferredLabel", "")).strip()
        if "\x00" in label + concept_id:
            batch.problems.append(f"{concept_id!r}: holds a NUL byte")
            continue
        if not label:
            batch.problems.append(f"{concept_id}: no preferredLabel")
            continue
        batch.concepts.append(
            ConceptRow(
                uri=f"jobtech:{concept_id}", kind=kind, scheme="jobtech", labels={"sv": [label]}
            )
        )
    return batch


def read_starter(path: Path = STARTER_FILE) -> Batch:
    """Read the starter vocabulary shipped with Brygga."""
    with path.open(encoding="utf-8") as handle:
        document = json.load(handle)
    batch = Batch()
    sections = (
        ("isco_groups", "isco_group"),
        ("skill_groups", "skill_group"),
        ("occupations", "occupation"),
        ("skills", "skill"),
    )
    for section, kind in sections:
        for entry in document[section]:
            batch.concepts.append(
                ConceptRow(
                    uri=entry["code"],
                    kind=kind,
                    scheme="starter",
                    labels={lang: list(texts) for lang, texts in entry["labels"].items()},
                    isco_code=entry.get("isco", ""),
                    esco_code=entry.get("esco_code", ""),
                )
            )
            batch.relations.extend(
                (entry["code"], parent, "broader") for parent in entry.get("broader", [])
            )
    return batch
