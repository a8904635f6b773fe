"""The rule catalogue in Bahasa Indonesia and English (django-modeltranslation, issue #15.4).

Every text of a rule row that a person reads gets one column per language (``name_ind``,
``name_en`` …); reading ``name`` gives the active language, falling back to Indonesian, then
English (``MODELTRANSLATION_*`` in settings). Indonesian is the legal language and the default
interface, so the reference rows ship with both (migration 0005) and administrators edit both
in the admin. Codes, templates and slugs stay single-valued.

A new catalogue model with user-facing text registers here too, with its migration.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    DeadlineRule,
    Holiday,
    NumberingFormat,
    PrePeriodWindow,
    RoutingRule,
    SanctionRule,
    ViolationType,
)


@register(ViolationType)
class ViolationTypeTranslation(TranslationOptions):
    fields = ("name", "description", "legal_basis", "sanction", "legal_source")


@register(DeadlineRule)
class DeadlineRuleTranslation(TranslationOptions):
    fields = ("legal_source",)


@register(PrePeriodWindow)
class PrePeriodWindowTranslation(TranslationOptions):
    fields = ("legal_source",)


@register(RoutingRule)
class RoutingRuleTranslation(TranslationOptions):
    fields = ("legal_source",)


@register(NumberingFormat)
class NumberingFormatTranslation(TranslationOptions):
    fields = ("legal_source",)


@register(Holiday)
class HolidayTranslation(TranslationOptions):
    fields = ("name", "legal_source")


@register(SanctionRule)
class SanctionRuleTranslation(TranslationOptions):
    fields = ("legal_basis", "legal_source")
