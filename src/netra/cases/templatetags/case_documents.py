"""The documents section of the case page builds its own upload form (``cases.views.files``
passes one back, bound and with its errors, after a refused upload)."""

from django import template

from ..document_forms import SignedUploadForm

register = template.Library()


@register.simple_tag(takes_context=True)
def signed_upload_form(context):
    """The signed-scan upload form for people who may add files to the case (``can_edit``):
    the posted one when the page is drawn again after a refusal, else an empty one."""
    posted = context.get("document_upload_form")
    if posted is not None:
        return posted
    case = context.get("case")
    if case is None or not context.get("can_edit"):
        return None
    return SignedUploadForm(case=case, auto_id="id_document_upload_%s")
