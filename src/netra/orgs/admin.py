from django.contrib import admin

from .models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "region_code", "office_code")
    list_filter = ("kind",)
    search_fields = ("name", "region_code", "office_code")
    raw_id_fields = ("parent",)
