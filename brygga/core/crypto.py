"""Personal data encrypted at rest (AES-256-GCM) and found again by a keyed hash (HMAC-SHA-256).

Keys come from the environment (see ``settings.py``):

* ``BRYGGA_ENCRYPTION_KEYS`` — ``id:base64key[,id:base64key…]``, 32-byte keys.
  The first encrypts; all decrypt, so a new key is put first and the old one
  kept until ``brygga rotate_encryption_keys`` has re-encrypted every value.
* ``BRYGGA_LOOKUP_KEY`` — base64, the HMAC key of the look-up hashes.

Either may instead be read from a file (``…_FILE``). Without them (development,
the demo, tests) keys are derived from ``SECRET_KEY``; a deployment check
warns about that.

A stored value reads ``enc1:<key id>:<base64 of nonce + ciphertext + tag>``.
The model field ``EncryptedCharField`` encrypts on the way into the database
and decrypts on the way out; ``LookupHashField`` keeps the keyed hash of
another field, so equality look-ups and uniqueness work without the plain
value ever being stored. Encrypted fields refuse look-ups: query the hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import lru_cache
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models

PREFIX = "enc1"
#: Bound into every ciphertext: a value cannot be moved to another purpose.
ASSOCIATED_DATA = b"brygga-personal-data"


def _derived(purpose: str) -> bytes:
    return hashlib.sha256(f"brygga:{purpose}:{settings.SECRET_KEY}".encode()).digest()


@lru_cache(maxsize=4)
def _keys(spec: str, secret: str) -> tuple[tuple[str, bytes], ...]:
    # The key derived from SECRET_KEY encrypts only when no key is configured; it
    # always decrypts, so a database begun without keys moves to real ones by
    # ``rotate_encryption_keys``.
    derived = ("dev", _derived("encryption"))
    if not spec:
        return (derived,)
    keys = []
    for item in spec.split(","):
        key_id, _sep, encoded = item.strip().partition(":")
        key = base64.b64decode(encoded)
        if not key_id or len(key) != 32:
            raise ImproperlyConfigured(
                "BRYGGA_ENCRYPTION_KEYS holds id:base64key pairs of 32-byte keys."
            )
        keys.append((key_id, key))
    return (*keys, derived)


def encryption_keys() -> tuple[tuple[str, bytes], ...]:
    """(id, key) pairs, the current key first."""
    return _keys(settings.BRYGGA_ENCRYPTION_KEYS, settings.SECRET_KEY)


def lookup_key() -> bytes:
    return _lookup_key(settings.BRYGGA_LOOKUP_KEY, settings.SECRET_KEY)


@lru_cache(maxsize=4)
def _lookup_key(spec: str, secret: str) -> bytes:
    return base64.b64decode(spec) if spec else _derived("lookup")


@lru_cache(maxsize=4)
def _cipher(key: bytes) -> AESGCM:
    """One AES-GCM object per key: making one costs more than sealing a short value."""
    return AESGCM(key)


@lru_cache(maxsize=4)
def _keyed(key: bytes) -> hmac.HMAC:
    """An HMAC-SHA-256 with ``key`` and nothing hashed yet; ``copy()`` it for each value."""
    return hmac.new(key, digestmod=hashlib.sha256)


def keys_are_derived() -> bool:
    return not settings.BRYGGA_ENCRYPTION_KEYS or not settings.BRYGGA_LOOKUP_KEY


def new_key() -> str:
    """A fresh random key in the form the settings take."""
    return base64.b64encode(os.urandom(32)).decode()


def encrypt(plaintext: str) -> str:
    key_id, key = encryption_keys()[0]
    nonce = os.urandom(12)
    sealed = _cipher(key).encrypt(nonce, plaintext.encode(), ASSOCIATED_DATA)
    return f"{PREFIX}:{key_id}:{base64.b64encode(nonce + sealed).decode()}"


def is_encrypted(value: str) -> bool:
    return value.startswith(f"{PREFIX}:")


def decrypt(stored: str) -> str:
    """The plain value; a value stored before encryption was switched on comes back as it is."""
    if not is_encrypted(stored):
        return stored
    _prefix, key_id, encoded = stored.split(":", 2)
    key = dict(encryption_keys()).get(key_id)
    if key is None:
        raise ImproperlyConfigured(f"No encryption key {key_id!r} is configured.")
    raw = base64.b64decode(encoded)
    return _cipher(key).decrypt(raw[:12], raw[12:], ASSOCIATED_DATA).decode()


def needs_reencryption(stored: str) -> bool:
    """True for plain values and values under a key that is no longer the current one."""
    if not stored:
        return False
    if not is_encrypted(stored):
        return True
    return stored.split(":", 2)[1] != encryption_keys()[0][0]


def lookup_hash(value: str) -> str:
    """The keyed hash by which a value is found again ("" for an empty value)."""
    if not value:
        return ""
    keyed = _keyed(lookup_key()).copy()
    keyed.update(value.encode())
    return keyed.hexdigest()


class EncryptedCharField(models.TextField):  # type: ignore[type-arg]
    """Text kept encrypted in the database and plain in Python."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        return decrypt(value) if value else value

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if value:
            value = encrypt(str(value))
        return super().get_db_prep_save(value, connection)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.name} is encrypted: look it up by its hash field, not with {lookup_name!r}."
            )
        return super().get_lookup(lookup_name)


class LookupHashField(models.CharField):  # type: ignore[type-arg]
    """The keyed hash of the field ``source``, set whenever the row is saved or bulk-created."""

    def __init__(self, *args: Any, source: str, **kwargs: Any) -> None:
        self.source = source
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = lookup_hash(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
