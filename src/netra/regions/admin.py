from django.contrib import admin

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level")
    list_filter = ("level",)
    search_fields = ("code", "search_name")

    def has_change_permission(self, request, obj=None):
        return False  # reference data: changed only by import_regions
