"""Platform administration: where inquiries go, and the networks and tags.

Inquiries themselves (personal data of the public) are handled on the staff
pages, scoped to the answering organisation, not here.
"""

from django.contrib import admin

from .models import InquiryRoute, Network, Tag


@admin.register(InquiryRoute)
class InquiryRouteAdmin(admin.ModelAdmin[InquiryRoute]):
    list_display = ["municipality", "kind", "organisation"]
    list_filter = ["kind"]
    search_fields = ["municipality", "organisation__name"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin[Network]):
    list_display = ["name", "coordinator"]
    filter_horizontal = ["members"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin[Tag]):
    search_fields = ["slug"]
