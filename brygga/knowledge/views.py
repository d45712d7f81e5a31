"""Knowledge-centre, network and inquiry pages.

The knowledge centre and the contact form are public. Networks are for their
members only (others get 404); inquiries for the organisations that answer them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from brygga.core.errors import DomainError
from brygga.core.models import Organisation
from brygga.core.requests import acting_user, saved
from brygga.core.selectors import organisations_for
from brygga.enterprises.pages import form_page
from brygga.enterprises.services import STAFF_ROLES

from . import ratelimit, selectors, services
from .forms import (
    AnswerForm,
    ContactForm,
    DocumentForm,
    ItemForm,
    MeetingForm,
    NetworkForm,
    SearchForm,
)
from .models import Item, Network

# --- knowledge centre -----------------------------------------------------------------


def centre(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    criteria = form.cleaned_data if form.is_valid() else {}
    hits = selectors.find(
        request.user,
        criteria.get("q", ""),
        criteria.get("kind", ""),
        criteria.get("tag", ""),
        criteria.get("language", ""),
    )
    return render(
        request,
        "knowledge/centre.html",
        {
            "form": form,
            "hits": hits,
            "can_publish": organisations_for(request.user, STAFF_ROLES).exists(),
        },
    )


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    language = request.GET.get("lang") or get_language() or "sv"
    return render(
        request,
        "knowledge/item_detail.html",
        {
            "item": item,
            "translation": selectors.pick_translation(item, language),
            "can_edit": selectors.editable_items(request.user).filter(pk=item.pk).exists(),
        },
    )


@login_required
def item_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = acting_user(request)
    item: Item | None = None
    initial: dict[str, object] = {"language": "sv", "visibility": "public"}
    if pk is not None:
        item = get_object_or_404(selectors.editable_items(user), pk=pk)
        language = request.GET.get("lang", "sv")
        translation = item.translations.filter(language=language).first()
        initial = {
            "kind": item.kind,
            "visibility": item.visibility,
            "language": language,
            "tags": ", ".join(t.slug for t in item.tags.all()),
            "event_start": item.event_start,
            "event_place": item.event_place,
        }
        if translation is not None:
            initial.update(
                title=translation.title, summary=translation.summary, body=translation.body
            )
    publishers = organisations_for(user, STAFF_ROLES)
    if not publishers.exists():
        raise Http404
    form = ItemForm(
        request.POST or None, initial=initial, publishers=publishers if item is None else None
    )

    def change() -> Item:
        d = form.cleaned_data
        data = services.ItemData(
            kind=d["kind"],
            visibility=d["visibility"],
            language=d["language"],
            title=d["title"],
            summary=d["summary"],
            body=d["body"],
            tags=form.tag_list(),
            event_start=d["event_start"],
            event_place=d["event_place"],
        )
        if item is None:
            return services.publish_item(user, d["organisation"], data)
        else:
            return services.update_item(user, item, data)

    return form_page(
        request,
        form,
        change,
        done=_("The item is saved."),
        then=lambda made: redirect("knowledge:item", pk=made.pk),
        heading=_("Knowledge item"),
        submit=_("Save"),
    )


# --- networks -------------------------------------------------------------------------


@login_required
def network_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    return render(
        request,
        "knowledge/network_list.html",
        {
            "networks": selectors.networks_for(user).select_related("coordinator"),
            "can_start": organisations_for(user, STAFF_ROLES).exists(),
        },
    )


@login_required
def network_new(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    coordinators = organisations_for(user, STAFF_ROLES)
    if not coordinators.exists():
        raise Http404
    form = NetworkForm(request.POST or None, coordinators=coordinators)

    def change() -> Network:
        d = form.cleaned_data
        return services.create_network(user, d["coordinator"], d["name"], d["description"])

    return form_page(
        request,
        form,
        change,
        done=_("The network is created."),
        then=lambda made: redirect("knowledge:network", pk=made.pk),
        heading=_("Start a network"),
        submit=_("Create"),
    )


@login_required
def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    network = selectors.get_network_for(user, pk)
    members = list(network.members.all())
    profiles = [(member, getattr(member, "enterprise_profile", None)) for member in members]
    return render(
        request,
        "knowledge/network_detail.html",
        {
            "network": network,
            "profiles": profiles,
            "meetings": network.meetings.all(),
            "documents": network.documents.defer("content"),
            "meeting_form": MeetingForm(initial={"held_on": timezone.localdate()}),
            "document_form": DocumentForm(),
            "is_coordinator": organisations_for(user, STAFF_ROLES)
            .filter(pk=network.coordinator_id)
            .exists(),
            "candidates": Organisation.objects.exclude(pk__in=[m.pk for m in members]),
        },
    )


@login_required
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    network = selectors.get_network_for(user, pk)
    form = MeetingForm(request.POST or None)

    def change() -> object:
        d = form.cleaned_data
        return services.record_meeting(
            user, network, d["held_on"], d["place"], d["agenda"], d["minutes"]
        )

    return form_page(
        request,
        form,
        change,
        done=_("The meeting is recorded."),
        then=lambda _made: redirect("knowledge:network", pk=network.pk),
        heading=_("Record a meeting"),
        submit=_("Save"),
        subject=network.name,
    )


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    network = selectors.get_network_for(user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)

    def change() -> object:
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_DOCUMENT_BYTES:
            raise DomainError(_("The file is larger than 5 MB."), field="file")
        return services.share_document(
            user, network, form.cleaned_data["title"], upload.name or "", upload.read()
        )

    return form_page(
        request,
        form,
        change,
        done=_("The document is shared."),
        then=lambda _made: redirect("knowledge:network", pk=network.pk),
        heading=_("Share a document"),
        submit=_("Upload"),
        subject=network.name,
    )


@login_required
def document_download(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    user = acting_user(request)
    network = selectors.get_network_for(user, pk)
    document = selectors.get_document_for(user, network, doc_pk)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    network = selectors.get_network_for(user, pk)
    chosen = request.POST.get("organisation", "")
    if not chosen.isdecimal() or len(chosen) > 18:
        raise Http404
    organisation = get_object_or_404(Organisation, pk=int(chosen))
    try:
        services.add_member(user, network, organisation)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The member is added."))
    return redirect("knowledge:network", pk=network.pk)


# --- inquiries ------------------------------------------------------------------------


def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None, municipalities=services.routed_municipalities())
    status = 200
    if request.method == "POST":
        if form.is_bot:
            return redirect("knowledge:contact_thanks")
        if not ratelimit.allow(request, "contact"):
            form.add_error(None, _("Too many messages from your address. Please try again later."))
            status = 429
        elif form.is_valid():
            d = form.cleaned_data
            try:
                inquiry = services.receive_inquiry(
                    services.InquiryData(
                        kind=d["kind"],
                        municipality=d["municipality"],
                        name=d["name"],
                        email=d["email"],
                        phone=d["phone"],
                        message=d["message"],
                        language=get_language() or "sv",
                    )
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                request.session["inquiry_reference"] = inquiry.reference
                request.session["inquiry_due"] = inquiry.due_on.isoformat()
                return redirect("knowledge:contact_thanks")
    return render(request, "knowledge/contact.html", {"form": form}, status=status)


def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "knowledge/contact_thanks.html",
        {
            "reference": request.session.pop("inquiry_reference", ""),
            "due": request.session.pop("inquiry_due", ""),
        },
    )


@login_required
def inquiry_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    today = timezone.localdate()
    inquiries = selectors.inquiries_for(user)
    state = request.GET.get("state", "")
    rows = [(i, selectors.inquiry_state(i, today)) for i in inquiries]
    if state in {"open", "due", "overdue", "answered"}:
        rows = [row for row in rows if row[1] == state]
    return render(
        request,
        "knowledge/inquiry_list.html",
        {
            "rows": rows,
            "figures": selectors.inquiry_figures(inquiries, today),
            "state": state,
        },
    )


@login_required
def inquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    inquiry = selectors.get_inquiry_for(user, pk)
    form = AnswerForm(request.POST or None)

    def change() -> object:
        return services.mark_answered(user, inquiry, form.cleaned_data["note"])

    if saved(request, form, change):
        messages.success(request, _("The inquiry is marked as answered."))
        return redirect("knowledge:inquiry_list")
    return render(
        request,
        "knowledge/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "form": form,
            "state": selectors.inquiry_state(inquiry, timezone.localdate()),
        },
    )
