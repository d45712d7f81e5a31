"""Forms of the knowledge centre, networks and the public contact form."""

from __future__ import annotations

import time
from typing import Any

from django import forms
from django.conf import settings
from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from brygga.core.models import Organisation

from .models import ContentLanguage, InquiryKind, ItemKind, Visibility

DATE = forms.DateInput(attrs={"type": "date"})

#: A person needs at least this long to fill in the contact form; bots are quicker.
MIN_FILL_SECONDS = 3
#: A form older than this is stale (its timestamp could be replayed otherwise).
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
_SALT = "brygga.knowledge.contact"


def min_fill_seconds() -> float:
    return float(getattr(settings, "BRYGGA_CONTACT_MIN_FILL_SECONDS", MIN_FILL_SECONDS))


def issue_stamp(now: float | None = None) -> str:
    return signing.dumps(now if now is not None else time.time(), salt=_SALT)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All")), *ItemKind.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("", _("All")), *ContentLanguage.choices], required=False
    )
    tag = forms.SlugField(label=_("Tag"), max_length=50, required=False)


class ItemForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Published by"), queryset=Organisation.objects.none()
    )
    kind = forms.ChoiceField(label=_("Type"), choices=ItemKind.choices)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Visibility.choices)
    language = forms.ChoiceField(label=_("Language"), choices=ContentLanguage.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=500, required=False)
    body = forms.CharField(label=_("Text"), max_length=50_000, widget=forms.Textarea)
    tags = forms.CharField(
        label=_("Tags"), max_length=300, required=False, help_text=_("Comma-separated.")
    )
    event_start = forms.DateTimeField(
        label=_("Event starts"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    event_place = forms.CharField(label=_("Event place"), max_length=200, required=False)

    def __init__(
        self, *args: Any, publishers: QuerySet[Organisation] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if publishers is None:  # an existing item keeps its publisher
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = publishers  # type: ignore[attr-defined]
            if publishers.count() == 1:
                self.fields["organisation"].initial = publishers.first()

    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class NetworkForm(forms.Form):
    coordinator = forms.ModelChoiceField(
        label=_("Coordinating organisation"), queryset=Organisation.objects.none()
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, coordinators: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = coordinators  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    agenda = forms.CharField(
        label=_("Agenda"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    minutes = forms.CharField(
        label=_("Minutes"), max_length=50_000, required=False, widget=forms.Textarea
    )


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("At most 5 MB: PDF, Word, Excel, OpenDocument, PNG, JPEG, text or CSV."),
    )


class AnswerForm(forms.Form):
    note = forms.CharField(
        label=_("How was it answered?"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactForm(forms.Form):
    """The public contact form, with a honeypot field and a signed time stamp."""

    kind = forms.ChoiceField(
        label=_("Who are you?"), choices=InquiryKind.choices, widget=forms.RadioSelect
    )
    municipality = forms.ChoiceField(label=_("Your municipality"), choices=())
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email"), max_length=254)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=40, required=False)
    message = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    #: The honeypot: hidden from people (and screen readers); bots fill it in.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    stamp = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, municipalities: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = [("", "—"), *((m, m) for m in municipalities)]  # type: ignore[attr-defined]
        if not self.is_bound:
            self.initial["stamp"] = issue_stamp()

    @property
    def is_bot(self) -> bool:
        """True when the honeypot is filled in: the form is answered as if sent."""
        return bool(self.data.get("website"))

    def clean_stamp(self) -> float:
        try:
            issued = float(
                signing.loads(self.cleaned_data["stamp"], salt=_SALT, max_age=MAX_FORM_AGE_SECONDS)
            )
        except (signing.BadSignature, TypeError, ValueError) as exc:
            raise forms.ValidationError(
                _("The form has expired. Please send it again."), code="stale"
            ) from exc
        if time.time() - issued < min_fill_seconds():
            raise forms.ValidationError(
                _("That was very fast. Please check your message and send it again."),
                code="too_fast",
            )
        return issued

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "stamp" in self.errors:
            # Show the stamp's complaint on the form, and give the sender a fresh stamp.
            for error in self.errors.pop("stamp"):
                self.add_error(None, error)
            data = dict(self.data.items())
            data["stamp"] = issue_stamp()
            self.data = data
        return cleaned
