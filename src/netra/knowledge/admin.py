"""Editing the regulation catalogue (Django admin, with history).

Only a national grant of ``knowledge.administer`` (Bawaslu RI administrators) sees and edits these
pages, whatever Django model permissions a user holds; every change is recorded by the audit log
(field by field, relations included) and in the admin's own history of each row.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Activity, LegalBasis, RecipientBody, Rule, Sanction, Subject
from .widgets import may_administer


class CatalogueAdmin(admin.ModelAdmin):
    """Permission comes from the role table, not from Django's per-model permissions."""

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff and may_administer(request.user)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        # Rules end (effective_until); they are not deleted, so old cases keep their basis.
        return False


@admin.register(Subject)
class SubjectAdmin(CatalogueAdmin):
    list_display = ("name", "name_en", "code", "order")
    search_fields = ("name", "name_en", "synonyms")


@admin.register(Activity)
class ActivityAdmin(CatalogueAdmin):
    list_display = ("name", "name_en", "code", "order")
    search_fields = ("name", "name_en", "keywords")


@admin.register(LegalBasis)
class LegalBasisAdmin(CatalogueAdmin):
    list_display = (
        "statute",
        "article",
        "effective_from",
        "effective_until",
        "superseded_by",
        "verified",
    )
    list_filter = ("statute", "verified")
    search_fields = ("statute", "article", "title", "title_en", "citation")
    autocomplete_fields = ("superseded_by",)


@admin.register(RecipientBody)
class RecipientBodyAdmin(CatalogueAdmin):
    list_display = ("name", "code", "effective_from", "effective_until", "superseded_by")
    search_fields = ("name", "name_en")
    autocomplete_fields = ("superseded_by",)


@admin.register(Sanction)
class SanctionAdmin(CatalogueAdmin):
    list_display = ("code", "kind", "level", "legal_basis", "imposed_by")
    list_filter = ("kind", "level")
    search_fields = ("code", "text", "text_en")
    autocomplete_fields = ("legal_basis", "imposed_by")


@admin.register(Rule)
class RuleAdmin(CatalogueAdmin):
    list_display = (
        "subject",
        "activity",
        "election",
        "verdict",
        "effective_from",
        "effective_until",
        "recipient",
    )
    list_filter = ("verdict", "election", "subject", "activity")
    search_fields = (
        "code",
        "source",
        "condition",
        "explanation",
        "activity__name",
        "subject__name",
    )
    autocomplete_fields = ("subject", "activity", "recipient", "legal_bases", "sanctions")
    list_select_related = ("subject", "activity", "recipient")
    fieldsets = (
        (None, {"fields": ("code", "subject", "activity", "election", "verdict")}),
        (
            _("What it depends on"),
            {"fields": ("condition", "condition_en", "explanation", "explanation_en")},
        ),
        (_("Basis and consequences"), {"fields": ("legal_bases", "sanctions", "recipient")}),
        (_("Validity and source"), {"fields": ("effective_from", "effective_until", "source")}),
    )
