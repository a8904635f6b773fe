"""Elections and their stages in the Django admin."""

from django.contrib import admin

from .models import Election, ElectionStage


class ElectionStageInline(admin.TabularInline):
    model = ElectionStage
    extra = 1
    fields = ("name", "starts_on", "ends_on")


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "level", "region_code", "voting_day", "is_active")
    list_filter = ("kind", "level", "is_active")
    search_fields = ("name", "region_code")
    date_hierarchy = "voting_day"
    inlines = [ElectionStageInline]
