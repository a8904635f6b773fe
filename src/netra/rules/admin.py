"""Administrators maintain the rules catalogue here: every row is dated and sourced."""

from django.contrib import admin

from .models import (
    DeadlineRule,
    Holiday,
    NumberingFormat,
    PrePeriodWindow,
    RoutingRule,
    ViolationType,
)

RULE_FILTERS = ("valid_from", "valid_to")


@admin.register(ViolationType)
class ViolationTypeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "category", "valid_from", "valid_to")
    list_filter = ("category", *RULE_FILTERS)
    search_fields = ("name", "code", "legal_basis", "legal_source")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = (
        "key",
        "election_kind",
        "case_kind",
        "days",
        "unit",
        "extension_days",
        "extension_unit",
        "valid_from",
        "valid_to",
        "legal_source",
    )
    list_filter = ("key", "election_kind", "unit", *RULE_FILTERS)
    search_fields = ("key", "case_kind", "legal_source")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = (
        "category",
        "employment_type",
        "recipient_kind",
        "valid_from",
        "valid_to",
        "legal_source",
    )
    list_filter = ("category", "recipient_kind", *RULE_FILTERS)
    search_fields = ("category", "employment_type", "recipient_kind", "legal_source")


@admin.register(NumberingFormat)
class NumberingFormatAdmin(admin.ModelAdmin):
    list_display = ("template", "office_kind", "election_kind", "valid_from", "valid_to")
    list_filter = ("office_kind", "election_kind", *RULE_FILTERS)
    search_fields = ("template", "legal_source")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "kind", "legal_source")
    list_filter = ("kind",)
    search_fields = ("name", "legal_source")
    date_hierarchy = "date"


@admin.register(PrePeriodWindow)
class PrePeriodWindowAdmin(admin.ModelAdmin):
    list_display = ("election_kind", "days", "valid_from", "valid_to", "legal_source")
    list_filter = ("election_kind", *RULE_FILTERS)
    search_fields = ("legal_source",)
