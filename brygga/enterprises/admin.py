"""Platform administration of enterprise profiles and support offers (the
pages at /enterprises/ are where their staff keep them)."""

from django.contrib import admin

from .models import EnterpriseProfile, SupportOffer


@admin.register(EnterpriseProfile)
class EnterpriseProfileAdmin(admin.ModelAdmin[EnterpriseProfile]):
    list_display = ["organisation", "legal_form", "placements", "published"]
    list_filter = ["published", "legal_form"]
    search_fields = ["organisation__name"]


@admin.register(SupportOffer)
class SupportOfferAdmin(admin.ModelAdmin[SupportOffer]):
    list_display = ["title", "provider", "actor_kind", "country", "active"]
    list_filter = ["actor_kind", "country", "active"]
    search_fields = ["title", "provider__name"]
