from django.contrib import admin

from .models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ["name", "diarienummer", "owner", "start_date", "end_date"]
    search_fields = ["name", "diarienummer"]
    filter_horizontal = ["partners"]
