"""The PDF summary of an activity's before/after questionnaire (ringkasan hasil kuesioner),
rendered with ``netra.documents`` from the admin-managed template ``questionnaires.summary``."""

from __future__ import annotations

import base64

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.core.charts import render_png
from netra.documents import registry
from netra.documents.rendering import RenderedDocument, render_template
from netra.documents.selectors import active_template

from . import statistics as st
from .selectors import PairResults

SUMMARY_KEY = "questionnaires.summary"


def _pct(proportion: st.Proportion | None) -> str:
    if proportion is None or proportion.percent is None:
        return "—"
    return f"{proportion.percent:.1f}%"


def _ci(proportion: st.Proportion | None) -> str:
    if proportion is None or proportion.interval is None:
        return "—"
    low, high = proportion.interval
    return f"{low:.1f}–{high:.1f}%"


def result_rows(results: PairResults) -> list[dict]:
    """One plain row per question, the same figures as the results page."""
    rows = []
    for r in results.questions:
        if r.paired_binary is not None:
            test = _("McNemar (exact)") if r.paired_binary.method == "exact" else _(
                "McNemar (chi-square)")
            p = r.paired_binary.p_value
        elif r.paired_scale is not None:
            test, p = _("Wilcoxon signed-rank"), r.paired_scale.p_value
        else:
            test, p = "", None
        rows.append({
            "key": r.key, "text": r.question.text, "before": _pct(r.before),
            "after": _pct(r.after), "before_ci": _ci(r.before), "after_ci": _ci(r.after),
            "pairs": r.pairs, "test": test, "p": st.format_p(p), "effect": r.effect_words,
            "plain": r.plain,
        })
    return rows


def summary_context(results: PairResults) -> dict:
    chart = results.chart()
    image = "" if chart.is_empty else (
        "data:image/png;base64," + base64.b64encode(render_png(chart, dpi=110)).decode())
    questionnaire = results.pre.questionnaire
    return {
        "questionnaire": {"title": questionnaire.title, "office": questionnaire.office.name},
        "activity": results.post.activity_title or results.pre.activity_title or "—",
        "pre": {"title": str(results.pre), "responses": results.pre_count},
        "post": {"title": str(results.post), "responses": results.post_count},
        "paired": results.paired_count,
        "questions": [row for row in result_rows(results) if row["test"]],
        "chart_png": image,
        "today": date_format(timezone.localdate(), "j F Y"),
    }


def sample_context() -> dict:
    row = {"key": "q1", "text": "…", "before": "80.0%", "after": "24.0%",
           "before_ci": "76.3–83.3%", "after_ci": "20.5–27.9%", "pairs": 500,
           "test": "McNemar", "p": "< 0.001", "effect": "large", "plain": "…"}
    return {
        "questionnaire": {"title": "…", "office": "…"}, "activity": "…",
        "pre": {"title": "…", "responses": 1}, "post": {"title": "…", "responses": 1},
        "paired": 1, "questions": [row], "chart_png": "data:image/png;base64,", "today": "…",
    }


def register_document_kinds() -> None:
    registry.register_kind(
        key=SUMMARY_KEY, label=gettext_lazy("Questionnaire results summary"),
        sample_context=sample_context, formats=("pdf", "docx"),
        help_text=gettext_lazy(
            "Receives questionnaire (title, office), activity, pre and post (title, "
            "responses), paired, questions (text, before, after, before_ci, after_ci, pairs, "
            "test, p, effect, plain), chart_png (an image data URI) and today."),
    )


def render_summary(results: PairResults, *, language: str, fmt: str = "pdf") -> RenderedDocument:
    """The summary as PDF (or DOCX); ``ValidationError`` when no template is in force."""
    template = active_template(key=SUMMARY_KEY, language=language, on=timezone.localdate(),
                               fmt=fmt)
    if template is None:
        raise ValidationError(_("No active template exists for the questionnaire summary; an "
                                "administrator must add one."))
    with translation.override(template.language):
        context = summary_context(results)
        footer = _("%(title)s · generated on %(date)s") % {
            "title": template.title, "date": context["today"]}
        return render_template(template=template, context=context, fmt=fmt,
                               letterhead={"name": results.pre.questionnaire.office.name},
                               footer=footer)
