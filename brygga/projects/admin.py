from django.contrib import admin

from .models import BudgetLine, Cost, Funder, FundingAmount, Project


class FundingAmountInline(admin.TabularInline[FundingAmount, Funder]):
    model = FundingAmount
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ["name", "diarienummer", "owner", "start_date", "end_date"]
    search_fields = ["name", "diarienummer"]
    filter_horizontal = ["partners"]


@admin.register(Funder)
class FunderAdmin(admin.ModelAdmin[Funder]):
    list_display = ["name", "kind", "project"]
    list_filter = ["kind"]
    inlines = [FundingAmountInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin[BudgetLine]):
    list_display = ["project", "year", "category", "amount", "currency"]


@admin.register(Cost)
class CostAdmin(admin.ModelAdmin[Cost]):
    list_display = ["project", "incurred_on", "category", "amount", "currency"]
    date_hierarchy = "incurred_on"
