"""Knowledge centre, networks (ERFA groups) and public inquiries."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation

# --- knowledge centre ---------------------------------------------------------------


class ItemKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    EVENT = "event", _("Event")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Members only")


class ContentLanguage(models.TextChoices):
    SWEDISH = "sv", _("Swedish")
    DANISH = "da", _("Danish")
    ENGLISH = "en", _("English")


#: PostgreSQL text-search configuration of each content language.
SEARCH_CONFIG = {"sv": "swedish", "da": "danish", "en": "english"}


class Tag(models.Model):
    slug = models.SlugField(_("tag"), max_length=50, unique=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.slug


class Item(models.Model):
    """An article, guide, template or event; its text lives in one translation per language."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="knowledge_items",
        verbose_name=_("published by"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=ItemKind.choices)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="items", verbose_name=_("tags"))
    published_on = models.DateField(_("published"), default=timezone.localdate)
    event_start = models.DateTimeField(_("event starts"), null=True, blank=True)
    event_place = models.CharField(_("event place"), max_length=200, blank=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("knowledge item")
        verbose_name_plural = _("knowledge items")

    def __str__(self) -> str:
        first = self.translations.first()
        return first.title if first else f"#{self.pk}"


class Translation(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=ContentLanguage.choices)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"), max_length=50_000)
    #: Filled by a database trigger on PostgreSQL; SQLite keeps an FTS5 table instead.
    search = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["item", "language"], name="translation_unique_language")
        ]

    def __str__(self) -> str:
        return self.title


# --- networks -----------------------------------------------------------------------


class Network(models.Model):
    """An experience-exchange (ERFA) group across municipalities."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordinated_networks",
        verbose_name=_("coordinator"),
    )
    members = models.ManyToManyField(
        Organisation, related_name="networks", verbose_name=_("members"), blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), max_length=10_000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=50_000, blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.network} {self.held_on}"


class Document(models.Model):
    """A file shared in a network, stored in the database so only members can fetch it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    content = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


# --- inquiries ----------------------------------------------------------------------


class InquiryKind(models.TextChoices):
    PARTICIPANT = "participant", _("I am looking for work or a placement")
    EMPLOYER = "employer", _("I am an employer")
    ENTREPRENEUR = "entrepreneur", _("I want to start or develop a social enterprise")
    OTHER = "other", _("Something else")


class InquiryRoute(models.Model):
    """Which organisation answers which kind of inquiry from which municipality."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="inquiry_routes"
    )
    municipality = models.CharField(_("municipality"), max_length=100)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=InquiryKind.choices,
        blank=True,
        help_text=_("Empty: every kind not routed elsewhere."),
    )

    class Meta:
        ordering = ["municipality", "kind"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["municipality", "kind"], name="inquiryroute_unique_place_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}/{self.kind or '*'} → {self.organisation}"


class Inquiry(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="inquiries",
        verbose_name=_("answered by"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InquiryKind.choices)
    municipality = models.CharField(_("municipality"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"), max_length=5000)
    language = models.CharField(_("language"), max_length=5, default="sv")
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    answer_note = models.TextField(_("note on the answer"), max_length=5000, blank=True)

    class Meta:
        ordering = ["due_on", "received_at"]
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        indexes: ClassVar = [models.Index(fields=["organisation", "due_on"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"

    @property
    def reference(self) -> str:
        return f"BRY-{self.pk:06d}"
