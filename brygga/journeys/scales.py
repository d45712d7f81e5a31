"""Names of the shared scales, so that the message catalogue holds them.

The data migration 0002_default_scales stores them in English; templates show
them with ``{% translate scale.name %}``.
"""

from django.utils.translation import gettext_noop

SHARED_SCALE_NAMES = [
    gettext_noop("Distance to work"),
    gettext_noop("Vocational skills"),
    gettext_noop("Language"),
    gettext_noop("Physical functioning"),
    gettext_noop("Social functioning"),
    gettext_noop("Psychological functioning"),
    gettext_noop("Far from work"),
    gettext_noop("Building everyday structure"),
    gettext_noop("Preparing for work"),
    gettext_noop("Work-ready with support"),
    gettext_noop("Work-ready"),
]
