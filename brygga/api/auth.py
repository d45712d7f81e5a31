"""Bearer-token authentication for the API."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError
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


def api_user(request: HttpRequest) -> User:
    """The user an authenticated API request acts as."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):  # an operation without auth must not read participants
        raise AuthenticationError()
    return user
