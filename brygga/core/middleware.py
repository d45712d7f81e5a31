"""Language selection: Swedish unless the user chose another language.

Django's LocaleMiddleware would follow the browser's Accept-Language header;
Brygga's users work in their organisation's language, so only the explicit
choice (the language cookie set by the switcher) changes it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
        )
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


#: Paths a user who still owes a second factor may reach.
TWO_FACTOR_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/api/")


class TwoFactorMiddleware:
    """Send a logged-in user who owes a one-time code to the two-factor page.

    A user owes one when they have set up a device, or when a role they hold
    (``settings.TWO_FACTOR_REQUIRED_ROLES``) or platform staff status requires
    it. The API is not affected: it authenticates with tokens of its own.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if owes_second_factor(request) and not request.path.startswith(TWO_FACTOR_OPEN_PREFIXES):
            from django.shortcuts import redirect
            from django.urls import reverse
            from django.utils.http import urlencode

            url = reverse("two_factor")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def owes_second_factor(request: HttpRequest) -> bool:
    from django_otp import user_has_device

    user = request.user
    # OTPMiddleware gives every user an ``is_verified()``.
    if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
        return False
    return bool(user_has_device(user)) or two_factor_required(user)


def two_factor_required(user: object) -> bool:
    from .models import User

    if not isinstance(user, User):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.memberships.filter(role__in=settings.TWO_FACTOR_REQUIRED_ROLES).exists()
