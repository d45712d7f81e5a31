"""Small closed vocabularies used beside the concept classifications.

Driving-licence classes and the adaptations vocabulary live with the competence
profile (:mod:`brygga.people.vocabularies`); education levels are ISCED 2011
(:class:`brygga.people.models.EducationLevel`); CEFR levels are
:class:`brygga.people.models.CefrLevel`. This module adds the languages people
state levels in, and short descriptions of the CEFR levels for the forms.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: ISO 639-1 code -> name: the Nordic languages, English, and the languages most
#: often spoken by newcomers to Sweden and Denmark.
LANGUAGES: dict[str, Promise] = {
    "sv": _("Swedish"),
    "da": _("Danish"),
    "no": _("Norwegian"),
    "fi": _("Finnish"),
    "se": _("Northern Sami"),
    "en": _("English"),
    "uk": _("Ukrainian"),
    "ru": _("Russian"),
    "ar": _("Arabic"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "am": _("Amharic"),
    "fa": _("Persian"),
    "ps": _("Pashto"),
    "ku": _("Kurdish"),
    "tr": _("Turkish"),
    "pl": _("Polish"),
    "ro": _("Romanian"),
    "bs": _("Bosnian"),
    "sq": _("Albanian"),
    "de": _("German"),
    "fr": _("French"),
    "es": _("Spanish"),
    "th": _("Thai"),
    "vi": _("Vietnamese"),
    "zh": _("Chinese"),
}

CEFR_DESCRIPTIONS: dict[str, Promise] = {
    "A1": _("A1 – beginner: everyday words and phrases"),
    "A2": _("A2 – elementary: simple routine tasks"),
    "B1": _("B1 – intermediate: familiar matters at work"),
    "B2": _("B2 – upper intermediate: fluent on work matters"),
    "C1": _("C1 – advanced: flexible and precise"),
    "C2": _("C2 – proficient: like a native speaker"),
}


def language_choices() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in LANGUAGES.items()]


def language_name(code: str) -> str:
    name = LANGUAGES.get(code)
    return str(name) if name is not None else code
