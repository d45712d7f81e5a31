"""Helpers for views that act on behalf of the logged-in user."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from .errors import DomainError
from .models import User


def acting_user(request: HttpRequest) -> User:
    """The logged-in user; views behind ``login_required`` call this for a typed ``User``."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def saved(request: HttpRequest, form: forms.Form, change: Callable[[], object]) -> bool:
    """On a valid POST, make ``change``; True when it succeeded.

    A refusal of the domain rules becomes an error on the field it names (or on
    the form when the field is not on it), so nothing the user typed is lost.
    """
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        change()
    except DomainError as exc:
        form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
        return False
    return True
