"""Views that belong to no domain: health check, the start page and the audit log."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import AUDIT_ROLES, AuditAction
from .requests import acting_user
from .selectors import audit_entries_about, audit_entries_for, organisations_for


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "vendor": connection.vendor})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("people:participant_list")


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User"), max_length=150, required=False)
    participant = forms.UUIDField(label=_("Participant id"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", "—"), *AuditAction.choices], required=False
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Auditors search the log of their organisations: who read or changed what, and why."""
    user = acting_user(request)
    if not organisations_for(user, AUDIT_ROLES).exists():
        raise PermissionDenied
    form = AuditSearchForm(request.GET or None)
    entries = audit_entries_for(user).order_by("-id")
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_name__icontains=data["actor"])
        if data["participant"]:
            about = audit_entries_about(data["participant"]).values("pk")
            entries = entries.filter(pk__in=about)
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["since"]:
            entries = entries.filter(at__gte=_start_of(data["since"]))
        if data["until"]:
            entries = entries.filter(at__lt=_start_of(data["until"] + datetime.timedelta(days=1)))
    page = Paginator(entries, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "core/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
