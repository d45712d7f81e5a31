"""A fixed-window rate limit per client address, kept in Django's cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

CONTACT_LIMIT = 5
CONTACT_WINDOW_SECONDS = 60 * 60


def client_address(request: HttpRequest) -> str:
    """The peer address. Behind a proxy, configure it to set REMOTE_ADDR (we trust no header)."""
    return str(request.META.get("REMOTE_ADDR", ""))


def allow(
    request: HttpRequest,
    scope: str,
    limit: int = CONTACT_LIMIT,
    window: int = CONTACT_WINDOW_SECONDS,
) -> bool:
    """Count one attempt; False once the address has used up ``limit`` in the window."""
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    key = f"brygga:rate:{scope}:{digest}"
    if cache.add(key, 1, timeout=window):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return True
    return count <= limit
