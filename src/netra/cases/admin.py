"""Django admin for cases: the case records are shown read-only (they change only through
``cases.services``, which check scope, role and workflow). Document templates are managed in
``netra.documents``.

Reporter and witness identities are not exposed in the admin at all.
"""

from django.contrib import admin

from .models import (
    Case,
    CaseDocument,
    CaseEvent,
    Evidence,
    Recommendation,
    ReportedPerson,
    Sanction,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed, from the admin."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "status", "office", "received_at")
    list_filter = ("kind", "status", "category")
    search_fields = ("intake_number", "registration_number", "title")
    date_hierarchy = "received_at"
    list_select_related = ("office",)
    exclude = ("source_content_type", "source_object_id")


@admin.register(ReportedPerson)
class ReportedPersonAdmin(ReadOnlyAdmin):
    list_display = ("position", "agency", "employment_type", "case")
    list_filter = ("employment_type",)
    search_fields = ("position", "agency", "nip", "case__intake_number")
    list_select_related = ("case",)


@admin.register(CaseEvent)
class CaseEventAdmin(ReadOnlyAdmin):
    list_display = ("case", "transition", "from_status", "to_status", "actor", "at")
    list_filter = ("transition",)
    search_fields = ("case__intake_number", "case__registration_number")
    list_select_related = ("case", "actor")


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdmin):
    list_display = ("case", "recipient", "status", "sent_on", "due_on", "escalations")
    list_filter = ("status",)
    search_fields = ("case__intake_number", "case__registration_number", "recipient__name")
    list_select_related = ("case", "recipient")


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ("reported_person", "sanction_type", "decree_number", "decree_date")
    list_filter = ("sanction_type",)
    search_fields = ("decree_number",)
    list_select_related = ("reported_person",)


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "case", "content_type", "size", "sha256", "added_by",
                    "created_at")
    search_fields = ("original_name", "sha256", "case__intake_number")
    list_select_related = ("case", "added_by")
    exclude = ("file",)  # stored privately; opened only through the scoped download views


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "kind", "case", "generated", "sha256", "added_by",
                    "created_at")
    list_filter = ("kind", "generated")
    search_fields = ("original_name", "sha256", "case__intake_number")
    list_select_related = ("case", "added_by")
    exclude = ("file",)  # stored privately; opened only through the scoped download views
