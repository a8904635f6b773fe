"""Questionnaire pages: builder and results for staff, the public response form for everyone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from netra.core.charts import chart_download
from netra.core.exports import export_response
from netra.core.scoping import can, may
from netra.core.views import ScopedFormView, add_service_errors
from netra.elections.selectors import election_list
from netra.orgs.selectors import organisation_list
from netra.prevention.selectors import activity_list

from . import ratelimit, selectors, services
from .choices import QuestionnaireStatus
from .documents import render_summary, result_rows
from .forms import (
    ImportForm,
    IssueCodesForm,
    QuestionForm,
    QuestionnaireForm,
    ResponseForm,
    WaveForm,
)
from .models import Question, Questionnaire, Wave
from .permissions import QuestionnaireAction

VIEW = QuestionnaireAction.VIEW
CHANGE = QuestionnaireAction.CHANGE


def _get(request, pk: int, action: str = VIEW) -> Questionnaire:
    try:
        return selectors.questionnaire_get(user=request.user, pk=pk, action=action)
    except Questionnaire.DoesNotExist as exc:
        raise Http404 from exc


def _crumbs(questionnaire: Questionnaire | None = None, label: str = "") -> list:
    crumbs = [(_("Questionnaires"), reverse("questionnaires:questionnaire_list"))]
    if questionnaire is not None:
        crumbs.append((questionnaire.title, questionnaire.get_absolute_url() if label else ""))
    if label:
        crumbs.append((label, ""))
    return crumbs


@login_required
def questionnaire_list(request):
    if not may(request.user, VIEW):
        raise Http404
    return render(request, "questionnaires/questionnaire_list.html", {
        "questionnaires": selectors.questionnaire_list(user=request.user),
        "may_change": may(request.user, CHANGE),
        "breadcrumbs": [(_("Questionnaires"), "")],
    })


class QuestionnaireCreateView(ScopedFormView):
    """A new questionnaire (with its version 1) of an office where the user may change
    questionnaires; someone who may change none anywhere gets 404."""

    model = Questionnaire
    scope_action = CHANGE
    form_class = QuestionnaireForm
    template_name = "netra/form_page.html"
    success_message = gettext_lazy("Questionnaire created. Add its questions.")

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not may(request.user, CHANGE):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"offices": organisation_list(user=self.request.user, action=CHANGE),
                "elections": election_list(user=self.request.user)}

    def perform(self, form):
        data = form.cleaned_data
        questionnaire = services.create_questionnaire(
            actor=self.request.user, office=data["office"], title=data["title"],
            description=data["description"], election=data["election"],
        )
        return redirect(questionnaire)

    def render(self, form, status: int = 200):
        return render(self.request, self.template_name, {
            "form": form, "title": _("New questionnaire"),
            "breadcrumbs": _crumbs(label=_("New questionnaire")),
        }, status=status)


def _wave_form(request, questionnaire: Questionnaire, data=None) -> WaveForm:
    return WaveForm(data, activities=activity_list(user=request.user,
                                                   office_id=questionnaire.office_id))


def _detail_context(request, questionnaire: Questionnaire, **extra) -> dict:
    version = questionnaire.current_version
    waves = selectors.wave_list(questionnaire=questionnaire)
    return {
        "questionnaire": questionnaire,
        "version": version,
        "frozen": version.is_frozen if version else False,
        "questions": version.questions.prefetch_related("choices") if version else [],
        "waves": waves,
        "may_change": can(request.user, CHANGE, questionnaire),
        "question_form": extra.pop("question_form", None) or QuestionForm(),
        "wave_form": extra.pop("wave_form", None) or _wave_form(request, questionnaire),
        "codes_form": IssueCodesForm(),
        "statuses": QuestionnaireStatus,
        "breadcrumbs": _crumbs(questionnaire),
        **extra,
    }


@login_required
def questionnaire_detail(request, pk: int):
    questionnaire = _get(request, pk)
    return render(request, "questionnaires/questionnaire_detail.html",
                  _detail_context(request, questionnaire))


def _questions_fragment(request, questionnaire, *, form=None, error: str = "", status=200):
    context = _detail_context(request, questionnaire, question_form=form, builder_error=error)
    if request.htmx:
        # htmx swaps only successful answers: a refused change is shown in the fragment.
        return render(request, "questionnaires/_questions.html", context)
    return render(request, "questionnaires/questionnaire_detail.html", context, status=status)


class _QuestionnaireChangeView(ScopedFormView):
    """A form posted to a questionnaire the user may change (404 otherwise); only POST."""

    http_method_names = ["post"]
    model = Questionnaire
    scope_action = CHANGE

    def get_object(self, queryset=None) -> Questionnaire:
        return _get(self.request, self.kwargs["pk"], CHANGE)


class QuestionAddView(_QuestionnaireChangeView):
    """Append a question; with htmx the builder fragment answers, a refusal included."""

    form_class = QuestionForm

    def perform(self, form):
        data = form.cleaned_data
        services.add_question(
            actor=self.request.user, questionnaire=self.object, kind=data["kind"],
            text_id=data["text_id"], text_en=data["text_en"], required=data["required"],
            choices=data["choice_inputs"],
        )
        if not self.request.htmx:
            return redirect(self.object)
        return _questions_fragment(self.request, self.object)

    def render(self, form, status: int = 200):
        return _questions_fragment(self.request, self.object, form=form, status=status)


def _question(request, question_pk: int) -> Question:
    try:
        return selectors.question_get(user=request.user, pk=question_pk, action=CHANGE)
    except Question.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def question_move(request, question_pk: int, direction: str):
    if direction not in ("up", "down", "delete"):
        raise Http404
    question = _question(request, question_pk)
    questionnaire = question.version.questionnaire
    error = ""
    try:
        if direction == "delete":
            services.delete_question(actor=request.user, question=question)
        else:
            services.move_question(actor=request.user, question=question, direction=direction)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(questionnaire)
    return _questions_fragment(request, questionnaire, error=error)


@login_required
@require_POST
def version_create(request, pk: int):
    questionnaire = _get(request, pk, CHANGE)
    version = services.create_version(actor=request.user, questionnaire=questionnaire)
    messages.success(request, _("Version %(number)s created: its questions can be edited; "
                                "existing waves keep their version.") % {"number": version.number})
    return redirect(questionnaire)


@login_required
@require_POST
def status_change(request, pk: int):
    questionnaire = _get(request, pk, CHANGE)
    try:
        services.set_questionnaire_status(actor=request.user, questionnaire=questionnaire,
                                          status=request.POST.get("status", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status changed."))
    return redirect(questionnaire)


class WaveCreateView(_QuestionnaireChangeView):
    form_class = WaveForm
    success_message = gettext_lazy("Wave created. Share its public link with respondents.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"activities": activity_list(user=self.request.user,
                                            office_id=self.object.office_id)}

    def perform(self, form):
        services.create_wave(actor=self.request.user, questionnaire=self.object,
                             **form.service_kwargs())
        return redirect(self.object)

    def render(self, form, status: int = 200):
        return render(self.request, "questionnaires/questionnaire_detail.html",
                      _detail_context(self.request, self.object, wave_form=form), status=status)


class CodesIssueView(_QuestionnaireChangeView):
    """Issue respondent codes: the page lists the new codes (200), or the refusal (400)."""

    form_class = IssueCodesForm

    def perform(self, form):
        codes = services.issue_codes(actor=self.request.user, questionnaire=self.object,
                                     count=form.cleaned_data["count"])
        return self.render(form, codes=codes)

    def render(self, form, status: int = 200, codes: list[str] | None = None):
        return render(self.request, "questionnaires/codes.html", {
            "questionnaire": self.object, "codes": codes or [], "form": form,
            "breadcrumbs": _crumbs(self.object, _("Respondent codes")),
        }, status=status)


def _pair(request, questionnaire) -> tuple[list[Wave], Wave | None, Wave | None]:
    waves = selectors.wave_list(questionnaire=questionnaire)
    by_id = {str(w.pk): w for w in waves}
    pre, post = selectors.default_pair(waves)
    pre = by_id.get(request.GET.get("pre", ""), pre)
    post = by_id.get(request.GET.get("post", ""), post)
    return waves, pre, post


@login_required
def results(request, pk: int):
    questionnaire = _get(request, pk)
    waves, pre, post = _pair(request, questionnaire)
    fmt = request.GET.get("format", "")
    if fmt == "xlsx" and "chart" not in request.GET:
        headers, rows = selectors.raw_response_rows(waves=waves)
        return export_response(fmt="xlsx", filename=f"kuesioner-{questionnaire.pk}",
                               headers=headers, rows=rows)
    result = selectors.pair_results(pre=pre, post=post) if pre and post else None
    if result is not None:
        download = chart_download(
            request, lambda key: result.chart() if key == "before-after" else None,
            prefix=f"kuesioner-{questionnaire.pk}-")
        if download is not None:
            return download
        if fmt == "pdf":
            language = getattr(request.user, "language", "") or translation.get_language()
            try:
                document = render_summary(result, language=language)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(reverse("questionnaires:results", args=[questionnaire.pk]))
            response = HttpResponse(document.data, content_type=document.content_type)
            response["Content-Disposition"] = (
                f'attachment; filename="ringkasan-kuesioner-{questionnaire.pk}.pdf"')
            return response
    elif request.GET.get("chart") or fmt:
        raise Http404
    query = f"pre={pre.pk}&post={post.pk}&" if pre and post else ""
    return render(request, "questionnaires/results.html", {
        "questionnaire": questionnaire, "waves": waves, "pre": pre, "post": post,
        "result": result, "rows": result_rows(result) if result else [],
        "chart": result.chart() if result else None, "query": query,
        "breadcrumbs": _crumbs(questionnaire, _("Results")),
    })


class ImportResponsesView(ScopedFormView):
    """Upload a Google Forms / spreadsheet export into a wave. The file is stored once as an
    import job with its header row; the job page shows the headers matched to the wave's
    questions (by text or key, exactly or by a close name) for the person to confirm or correct,
    and then runs. The shared imports app reports errors per row and can resume."""

    model = Questionnaire
    scope_action = CHANGE
    form_class = ImportForm
    template_name = "questionnaires/import.html"

    def get_object(self, queryset=None) -> Questionnaire:
        return _get(self.request, self.kwargs["pk"], CHANGE)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {"waves": self.object.waves.select_related("version")}

    def perform(self, form):
        from netra.imports.services import start_import

        wave = form.cleaned_data["wave"]
        job = start_import(
            "questionnaires.responses", file=form.cleaned_data["file"], actor=self.request.user,
            target=wave, office=self.object.office, options={"wave": wave.pk},
        )
        return redirect(job.get_absolute_url())

    def render(self, form, status: int = 200):
        return render(self.request, self.template_name, {
            "questionnaire": self.object, "form": form,
            "breadcrumbs": _crumbs(self.object, _("Import responses")),
        }, status=status)


# --- Public form ------------------------------------------------------------------------------


def respond(request, token: str):
    """The login-free, phone-first response form of a wave. Posts are rate-limited per address
    and session (``ratelimit``, 429 with a message) and a filled honeypot stores nothing."""
    try:
        wave = selectors.public_wave(token=token)
    except Wave.DoesNotExist as exc:
        raise Http404 from exc
    questions = wave.version.questions.prefetch_related("choices")
    is_open = services.wave_is_open(wave)
    form = ResponseForm(request.POST or None, questions=questions)
    status = 200
    if request.method == "POST" and request.POST.get("website"):
        # Honeypot filled (hidden from people by CSS): answer like a refusal, store nothing.
        form.add_error(None, _("Your answers could not be accepted. Please try again."))
        status = 400
    elif request.method == "POST" and ratelimit.response_over_limit(
        request, questionnaire_id=wave.questionnaire_id
    ):
        form.add_error(None, _(
            "Too many answers were sent from your connection to this questionnaire. Please "
            "wait a while and try again."))
        status = 429
    elif request.method == "POST" and is_open:
        try:
            services.submit_response(
                wave=wave, code=request.POST.get("code", ""), raw_answers=form.raw_answers(),
                submission_key=request.POST.get("submission_key", ""),
            )
        except ValidationError as exc:
            form.is_valid()
            add_service_errors(form, exc)
            status = 400
        else:
            return redirect("questionnaires:respond_thanks", token=token)
    elif request.method == "POST":
        status = 409
    return render(request, "questionnaires/respond.html", {
        "wave": wave, "form": form, "is_open": is_open,
    }, status=status)


def respond_thanks(request, token: str):
    try:
        wave = selectors.public_wave(token=token)
    except Wave.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "questionnaires/respond_thanks.html", {"wave": wave})
