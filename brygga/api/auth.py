"""Bearer-token authentication for the API."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from brygga.core.models import ApiToken, User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer bry_…``; the token acts as its user."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        api_token = ApiToken.objects.for_raw(token)
        if api_token is None or not api_token.user.is_active:
            return None
        ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
        request.user = api_token.user
        return api_token.user
