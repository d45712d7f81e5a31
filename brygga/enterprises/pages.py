"""The one shape of a form page in the enterprise and knowledge apps.

A valid POST makes the change through a service; success says so and goes on,
a domain refusal shows on its field (``brygga.core.requests.saved``), and
anything else renders the form again with what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from brygga.core.requests import saved

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


def form_page(
    request: HttpRequest,
    form: forms.Form,
    change: Callable[[], T],
    *,
    done: StrOrPromise,
    then: Callable[[T], HttpResponse],
    heading: StrOrPromise,
    submit: StrOrPromise,
    subject: str = "",
) -> HttpResponse:
    made: list[T] = []
    if saved(request, form, lambda: made.append(change())):
        messages.success(request, done)
        return then(made[0])
    context = {"form": form, "heading": heading, "submit": submit, "subject": subject}
    return render(request, "enterprises/form_page.html", context)
