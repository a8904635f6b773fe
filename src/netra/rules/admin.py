"""Administrators maintain the rules catalogue here: every row is dated and sourced.

Catalogue texts exist in Bahasa Indonesia and English (``translation.py``): modeltranslation's
``TranslationAdmin`` shows one input per language. Its tabbed variant is not used: it loads
jQuery UI from a CDN, which the content security policy forbids.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import (
    DeadlineRule,
    Holiday,
    NumberingFormat,
    PrePeriodWindow,
    RoutingRule,
    SanctionRule,
    ViolationType,
)

RULE_FILTERS = ("valid_from", "valid_to")


@admin.register(ViolationType)
class ViolationTypeAdmin(TranslationAdmin):
    list_display = ("name", "code", "category", "valid_from", "valid_to")
    list_filter = ("category", *RULE_FILTERS)
    search_fields = ("name", "code", "legal_basis", "legal_source")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(TranslationAdmin):
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
class RoutingRuleAdmin(TranslationAdmin):
    list_display = (
        "category",
        "employment_type",
        "recipient_kind",
        "proposed",
        "valid_from",
        "valid_to",
        "legal_source",
    )
    list_filter = ("category", "recipient_kind", "proposed", *RULE_FILTERS)
    search_fields = ("category", "employment_type", "recipient_kind", "legal_source")


@admin.register(SanctionRule)
class SanctionRuleAdmin(TranslationAdmin):
    list_display = ("employment_type", "category", "sanction_type", "valid_from", "valid_to",
                    "legal_source")
    list_filter = ("employment_type", "category", "sanction_type", *RULE_FILTERS)
    search_fields = ("legal_basis", "legal_source")


@admin.register(NumberingFormat)
class NumberingFormatAdmin(TranslationAdmin):
    list_display = ("template", "purpose", "office_kind", "election_kind", "valid_from",
                    "valid_to")
    list_filter = ("purpose", "office_kind", "election_kind", *RULE_FILTERS)
    search_fields = ("template", "legal_source")


@admin.register(Holiday)
class HolidayAdmin(TranslationAdmin):
    list_display = ("date", "name", "kind", "legal_source")
    list_filter = ("kind",)
    search_fields = ("name", "legal_source")
    date_hierarchy = "date"


@admin.register(PrePeriodWindow)
class PrePeriodWindowAdmin(TranslationAdmin):
    list_display = ("election_kind", "days", "valid_from", "valid_to", "legal_source")
    list_filter = ("election_kind", *RULE_FILTERS)
    search_fields = ("legal_source",)
