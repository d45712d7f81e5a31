"""``brygga rotate_encryption_keys``: re-encrypt every encrypted value under the current key.

Put the new key first in ``BRYGGA_ENCRYPTION_KEYS`` (keep the old one after it),
run this command, then remove the old key. Look-up hashes are recomputed too,
so a new ``BRYGGA_LOOKUP_KEY`` takes effect by the same run. Re-runnable: a
value already under the current key is left as it is.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Model, TextField
from django.db.models.functions import Cast

from brygga.core.crypto import (
    EncryptedCharField,
    LookupHashField,
    lookup_hash,
    needs_reencryption,
)


class Command(BaseCommand):
    help = "Re-encrypt personal data under the current key and recompute look-up hashes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, default=2000)

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            fields = model._meta.concrete_fields
            encrypted = [f for f in fields if isinstance(f, EncryptedCharField)]
            if encrypted:
                hashes = [f for f in fields if isinstance(f, LookupHashField)]
                changed = self.rotate(model, encrypted, hashes, options["batch"])
                self.stdout.write(f"{model._meta.label}: {changed} rows re-encrypted")

    def rotate(
        self,
        model: type[Model],
        encrypted: list[EncryptedCharField],
        hashes: list[LookupHashField],
        batch: int,
    ) -> int:
        names = [f.attname for f in [*encrypted, *hashes]]
        # The stored text as it is (a cast to plain text skips the decryption).
        raw = {f"raw_{f.attname}": Cast(f.attname, TextField()) for f in encrypted}
        rows = model._base_manager.only("pk", *names).annotate(**raw).order_by("pk")
        changed = 0
        last: Any = None
        while page := list((rows if last is None else rows.filter(pk__gt=last))[:batch]):
            with transaction.atomic():
                for row in page:
                    if self.stale(row, encrypted, hashes):
                        # Saving encrypts under the current key; pre_save renews the hashes.
                        row.save(update_fields=names)
                        changed += 1
            last = page[-1].pk
        return changed

    @staticmethod
    def stale(row: Any, encrypted: list[EncryptedCharField], hashes: list[LookupHashField]) -> bool:
        old_key = any(needs_reencryption(getattr(row, f"raw_{f.attname}") or "") for f in encrypted)
        old_hash = any(
            getattr(row, h.attname) != lookup_hash(getattr(row, h.source) or "") for h in hashes
        )
        return old_key or old_hash
