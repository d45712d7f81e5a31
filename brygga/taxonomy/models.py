"""Concepts of the occupation and skill classifications, their labels and links.

A concept is known by its URI (an ESCO URI, an ISCO group's ESCO URI, a JobTech
concept as ``jobtech:<id>``, or ``brygga:...`` for the few starter entries that
ESCO lacks). Competence profiles and opportunities store these URIs as codes.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from brygga.core.audit import PersonalData


class ConceptKind(models.TextChoices):
    OCCUPATION = "occupation", _("Occupation")
    SKILL = "skill", _("Skill")
    SKILL_GROUP = "skill_group", _("Skill group")
    ISCO_GROUP = "isco_group", _("ISCO-08 group")


class Scheme(models.TextChoices):
    STARTER = "starter", _("Brygga starter vocabulary")
    ESCO = "esco", _("ESCO")
    JOBTECH = "jobtech", _("JobTech taxonomy")


#: Kinds a person can hold or an opening can ask for (the others only structure the hierarchy).
SELECTABLE_KINDS: tuple[str, ...] = (ConceptKind.OCCUPATION, ConceptKind.SKILL)


class Concept(models.Model):
    uri = models.CharField(_("URI"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=ConceptKind.choices)
    scheme = models.CharField(_("scheme"), max_length=16, choices=Scheme.choices)
    isco_code = models.CharField(_("ISCO-08 code"), max_length=4, blank=True)
    esco_code = models.CharField(_("ESCO code"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["uri"]
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")
        indexes: ClassVar = [models.Index(fields=["kind", "scheme"], name="concept_kind_scheme")]

    def __str__(self) -> str:
        return self.uri

    def label(self, language: str) -> str:
        """The preferred label in ``language``, else in English, else any label, else the URI."""
        labels = sorted(
            self.labels.all(),
            key=lambda lb: (lb.language != language, lb.language != "en", not lb.preferred, lb.pk),
        )
        return labels[0].text if labels else self.uri


class Label(models.Model):
    concept = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="labels")
    language = models.CharField(_("language"), max_length=8)
    text = models.CharField(_("label"), max_length=300)
    #: ``text`` case-folded, for exact and prefix look-ups.
    folded = models.CharField(max_length=300, editable=False)
    preferred = models.BooleanField(_("preferred"), default=False)
    #: multilingual-e5-small passage embedding, 384 float32, computed on demand.
    embedding = models.BinaryField(null=True, editable=False)

    class Meta:
        ordering = ["concept", "language", "-preferred", "text"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        indexes: ClassVar = [models.Index(fields=["folded"], name="label_folded")]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["concept", "language", "text"], name="label_unique_per_concept_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.text} ({self.language})"


class RelationKind(models.TextChoices):
    BROADER = "broader", _("broader")
    ESSENTIAL = "essential", _("essential")
    OPTIONAL = "optional", _("optional")


class Relation(models.Model):
    """``source`` → ``target``: for BROADER the target is the source's parent; for ESSENTIAL and
    OPTIONAL the source (an occupation or skill) needs the target skill."""

    source = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(Concept, on_delete=models.CASCADE, related_name="relations_in")
    kind = models.CharField(_("kind"), max_length=16, choices=RelationKind.choices)

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relation_unique_source_target_kind"
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="relation_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Evidence(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate or diploma")
    TRIED_AT_WORK = "tried_at_work", _("Tried at work")
    SELF_REPORTED = "self_reported", _("Self-reported")


class CompetenceEvidence(PersonalData):
    """How a skill or occupation in a participant's profile is known.

    Kept beside ``people.Competence`` (which holds kind, code and label) until that model
    grows an evidence field of its own; written only by ``services.save_competence_mapping``.
    """

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="competence_evidence"
    )
    kind = models.CharField(_("kind"), max_length=16)
    code = models.CharField(_("code"), max_length=300)
    evidence = models.CharField(_("evidence"), max_length=16, choices=Evidence.choices)

    class Meta:
        verbose_name = _("competence evidence")
        verbose_name_plural = _("competence evidence")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["participant", "kind", "code"], name="evidence_unique_per_competence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.evidence}"
