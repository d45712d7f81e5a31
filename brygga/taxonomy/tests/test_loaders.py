from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from brygga.matching.kernel import Hierarchy
from brygga.taxonomy.loaders import (
    TaxonomyFileError,
    read_esco,
    read_esco_portal,
    read_jobtech,
    read_starter,
)
from brygga.taxonomy.models import Concept, ConceptKind, Label, Relation, RelationKind
from brygga.taxonomy.selectors import broader_edges
from brygga.taxonomy.services import load_batch

pytestmark = pytest.mark.django_db

TARGET_ISCO_PREFIXES = ("911", "941", "933", "523", "532", "921", "931", "832", "834")


def test_starter_vocabulary_is_loaded_by_migration_in_four_languages() -> None:
    occupations = Concept.objects.filter(kind=ConceptKind.OCCUPATION, scheme="starter")
    skills = Concept.objects.filter(kind=ConceptKind.SKILL, scheme="starter")
    assert occupations.count() >= 30
    assert skills.count() >= 30
    for concept in [*occupations, *skills]:
        languages = set(concept.labels.values_list("language", flat=True))
        assert {"sv", "da", "en", "uk"} <= languages, concept.uri
        assert concept.labels.filter(preferred=True).count() == len(languages)
    for concept in occupations:
        assert concept.uri.startswith("http://data.europa.eu/esco/occupation/") or (
            len(concept.isco_code) == 4 and concept.isco_code.isdigit()
        )
    for concept in skills:
        assert concept.uri.startswith("http://data.europa.eu/esco/skill/")
    # the target groups' entry-level fields are all there
    codes = set(occupations.values_list("isco_code", flat=True))
    for prefix in TARGET_ISCO_PREFIXES:
        assert any(code.startswith(prefix) for code in codes), prefix


def test_starter_hierarchy_links_siblings_under_isco_groups() -> None:
    kitchen = Label.objects.get(language="en", text="kitchen assistant").concept
    porter = Label.objects.get(language="en", text="kitchen porter").concept
    hierarchy = Hierarchy.from_edges(broader_edges([kitchen.uri, porter.uri]))
    assert hierarchy.is_near(kitchen.uri, porter.uri)
    cook = Label.objects.get(language="en", text="cook", preferred=True).concept
    assert not Hierarchy.from_edges(broader_edges([kitchen.uri, cook.uri])).is_near(
        kitchen.uri, cook.uri
    )


def test_loading_the_starter_again_adds_nothing() -> None:
    before = (Concept.objects.count(), Label.objects.count(), Relation.objects.count())
    report = load_batch(read_starter())
    assert report.concepts_created == report.labels_created == report.relations_created == 0
    assert (Concept.objects.count(), Label.objects.count(), Relation.objects.count()) == before


def test_esco_reference_data_loads_with_hierarchy(esco_dir: Path) -> None:
    batch = read_esco(esco_dir)
    kinds = {k: sum(1 for c in batch.concepts if c.kind == k) for k in ConceptKind.values}
    assert kinds["occupation"] > 2900
    assert kinds["isco_group"] > 600
    assert kinds["skill_group"] > 600
    assert kinds["skill"] == 0  # skills.csv is not in the reference copy
    assert batch.unresolved > 0  # skill rows referenced by the hierarchy but absent
    assert batch.problems == []
    report = load_batch(batch)
    # starter occupations carry ESCO URIs, so they are found, not duplicated
    assert report.concepts_created < report.concepts_seen
    cleaner = Concept.objects.get(
        uri="http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
    )
    assert cleaner.scheme == "starter"  # kept; ESCO adds its alternative labels
    assert cleaner.labels.filter(language="en").count() > 3
    parent = Relation.objects.get(source=cleaner, kind=RelationKind.BROADER).target
    assert parent.uri == "http://data.europa.eu/esco/isco/C9112"
    assert parent.kind == ConceptKind.ISCO_GROUP
    # the ISCO hierarchy above is there too: 9112 → 911 → 91 → 9
    chain = [parent]
    while up := Relation.objects.filter(source=chain[-1], kind=RelationKind.BROADER).first():
        chain.append(up.target)
    assert [c.isco_code for c in chain] == ["9112", "911", "91", "9"]
    again = load_batch(read_esco(esco_dir))
    assert again.concepts_created == again.labels_created == again.relations_created == 0


def test_esco_skill_files_are_accepted_when_present(tmp_path: Path) -> None:
    def write(name: str, header: list[str], rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        (tmp_path / name).write_text(buffer.getvalue(), encoding="utf-8")

    concept = ["ORIGINURI", "ID", "UUIDHISTORY", "PREFERREDLABEL", "ALTLABELS", "DESCRIPTION"]
    write(
        "occupations.csv",
        [*concept, "ISCOGROUPCODE", "CODE"],
        [
            ["http://x/occ/1", "o1", "", "dock hand", "docker\nwharfie", "", "9333", "9333.1"],
            ["", "o2", "", "nameless", "", "", "9333", ""],
        ],
    )
    write(
        "skills.csv",
        concept,
        [
            ["http://x/skill/1", "s1", "", "lifting", "", ""],
            ["http://x/skill/2", "s2", "", "heavy lifting", "", ""],
        ],
    )
    write(
        "skill_hierarchy.csv",
        ["PARENTOBJECTTYPE", "PARENTID", "CHILDID", "CHILDOBJECTTYPE"],
        [["skill", "s1", "s2", "skill"]],
    )
    write(
        "occupation_to_skill_relations.csv",
        ["OCCUPATIONTYPE", "OCCUPATIONID", "RELATIONTYPE", "SKILLID"],
        [["escooccupation", "o1", "essential", "s2"], ["escooccupation", "o1", "mandatory", "s1"]],
    )
    batch = read_esco(tmp_path)
    assert {c.uri for c in batch.concepts} == {
        "http://x/occ/1",
        "http://x/skill/1",
        "http://x/skill/2",
    }
    assert ("http://x/skill/2", "http://x/skill/1", "broader") in batch.relations
    assert ("http://x/occ/1", "http://x/skill/2", "essential") in batch.relations
    assert any("occupations.csv record 3" in p for p in batch.problems)
    assert any("mandatory" in p for p in batch.problems)
    load_batch(batch)
    assert Label.objects.filter(concept__uri="http://x/occ/1").count() == 3


def test_esco_reader_refuses_wrong_layout(tmp_path: Path) -> None:
    with pytest.raises(TaxonomyFileError):
        read_esco(tmp_path)  # no occupations.csv
    (tmp_path / "occupations.csv").write_text("URI,LABEL\nx,y\n", encoding="utf-8")
    with pytest.raises(TaxonomyFileError, match="missing columns"):
        read_esco(tmp_path)
    with pytest.raises(CommandError):
        call_command("import_taxonomy", "esco", str(tmp_path / "nowhere"), "--no-embed")


def test_jobtech_reference_gives_swedish_labels(jobtech_file: Path) -> None:
    batch = read_jobtech(jobtech_file)
    kinds = {c.kind for c in batch.concepts}
    assert kinds == {"skill", "occupation"}
    assert len(batch.concepts) > 9000
    load_batch(batch)
    assert Label.objects.filter(language="sv", concept__scheme="jobtech").count() > 9000
    assert Concept.objects.filter(uri="jobtech:11L4_Q2Z_8tM", labels__text="Kylteknik").exists()


def test_jobtech_reader_reports_bad_entries(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(
        '{"a": {"type": "skill", "preferredLabel": ""}, "b": 3, '
        '"c": {"type": "skill", "preferredLabel": "Svetsning"}}',
        encoding="utf-8",
    )
    batch = read_jobtech(path)
    assert [c.uri for c in batch.concepts] == ["jobtech:c"]
    assert len(batch.problems) == 2
    path.write_text("[1, 2", encoding="utf-8")
    with pytest.raises(TaxonomyFileError):
        read_jobtech(path)


def test_import_command_reports_counts(esco_dir: Path) -> None:
    out = io.StringIO()
    call_command("import_taxonomy", "esco", str(esco_dir), "--no-embed", stdout=out)
    assert "concepts read" in out.getvalue()
    assert Concept.objects.filter(scheme="esco", kind=ConceptKind.OCCUPATION).count() > 2800


def test_esco_portal_download_in_two_languages(tmp_path: Path) -> None:
    def write(name: str, header: list[str], rows: list[list[str]]) -> None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        (tmp_path / name).write_text(buffer.getvalue(), encoding="utf-8")

    occ = "http://data.europa.eu/esco/occupation/303a1e34-cb16-4054-b323-81e5eec17397"
    group = "http://data.europa.eu/esco/isco/C9112"
    skill = "http://data.europa.eu/esco/skill/x-mop"
    head = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "code"]
    write(
        "occupations_en.csv",
        head,
        [["Occupation", occ, "9112", "cleaner", "janitor\nsanitation worker", "9112.1"]],
    )
    write(
        "occupations_sv.csv",
        head,
        [["Occupation", occ, "9112", "lokalvårdare", "städerska", "9112.1"]],
    )
    write(
        "ISCOGroups_en.csv",
        ["conceptType", "conceptUri", "code", "preferredLabel", "altLabels"],
        [["ISCOGroup", group, "9112", "Cleaners and helpers in offices", ""]],
    )
    write(
        "skills_en.csv",
        ["conceptType", "conceptUri", "preferredLabel", "altLabels"],
        [
            ["KnowledgeSkillCompetence", skill, "mop floors", ""],
            ["KnowledgeSkillCompetence", "", "", ""],
        ],
    )
    write(
        "broaderRelationsOccPillar_en.csv",
        ["conceptType", "conceptUri", "broaderType", "broaderUri"],
        [["Occupation", occ, "ISCOGroup", group]],
    )
    write(
        "occupationSkillRelations_en.csv",
        ["occupationUri", "relationType", "skillType", "skillUri"],
        [[occ, "essential", "skill/competence", skill], [occ, "essential", "x", "http://nowhere"]],
    )
    batch = read_esco(tmp_path, "en")
    assert {c.kind for c in batch.concepts} == {"occupation", "isco_group", "skill"}
    assert (occ, group, "broader") in batch.relations
    assert (occ, skill, "essential") in batch.relations
    assert batch.unresolved == 1
    assert len(batch.problems) == 1  # the skill row without a URI
    load_batch(batch)
    load_batch(read_esco(tmp_path, "sv"))
    texts = set(Label.objects.filter(concept__uri=occ).values_list("language", "text"))
    assert ("sv", "städerska") in texts and ("en", "sanitation worker") in texts
    assert Concept.objects.get(uri=skill).kind == ConceptKind.SKILL
    with pytest.raises(TaxonomyFileError):
        read_esco_portal(tmp_path, "da")
