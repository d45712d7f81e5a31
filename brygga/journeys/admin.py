from django.contrib import admin

from .models import AssessmentScale


@admin.register(AssessmentScale)
class AssessmentScaleAdmin(admin.ModelAdmin[AssessmentScale]):
    list_display = ["name", "organisation"]
