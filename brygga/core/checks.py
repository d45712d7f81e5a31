"""Deployment checks of Brygga's own settings (``brygga check --deploy``)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register

from .crypto import keys_are_derived


@register(Tags.security, deploy=True)
def check_encryption_keys(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if keys_are_derived():
        return [
            Warning(
                "Personal data is encrypted with keys derived from SECRET_KEY.",
                hint="Set BRYGGA_ENCRYPTION_KEYS and BRYGGA_LOOKUP_KEY (or their _FILE "
                "variants); `brygga shell -c 'from brygga.core.crypto import new_key; "
                "print(new_key())'` makes a key.",
                id="brygga.W001",
            )
        ]
    return []
