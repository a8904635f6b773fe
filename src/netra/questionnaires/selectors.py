"""Reads of questionnaires and their results, narrowed to the requesting user (the public form
reads a wave by its token only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Count, QuerySet

from netra.core.charts import BarChart, Series

from . import statistics as st
from .choices import LIKERT_AGREE_FROM, LIKERT_MAX, QuestionKind, WavePhase
from .models import Answer, Question, Questionnaire, Response, Wave
from .permissions import QuestionnaireAction

if TYPE_CHECKING:
    from netra.core.typing import AnyUser

VIEW = QuestionnaireAction.VIEW

#: One stored answer as the results read it: (number, choice values, text).
_AnswerValues: TypeAlias = tuple[int | None, list[str], str]
#: Who answered: ("r", respondent id) for a coded respondent, ("x", response id) otherwise.
_Who: TypeAlias = tuple[str, int]


def questionnaire_list(*, user: AnyUser, action: str = VIEW) -> QuerySet[Questionnaire]:
    return (
        Questionnaire.objects.visible_to(user, action)
        .select_related("office")
        .annotate(wave_count=Count("waves", distinct=True))
        .order_by("-created_at", "title")
    )


def questionnaire_get(*, user: AnyUser, pk: int, action: str = VIEW) -> Questionnaire:
    """Raises ``Questionnaire.DoesNotExist`` outside the user's scope (views answer 404)."""
    return Questionnaire.objects.visible_to(user, action).select_related(
        "office", "election"
    ).get(pk=pk)


def question_get(*, user: AnyUser, pk: int, action: str = VIEW) -> Question:
    return Question.objects.visible_to(user, action).select_related(
        "version__questionnaire"
    ).get(pk=pk)


def wave_get(*, user: AnyUser, pk: int, action: str = VIEW) -> Wave:
    return Wave.objects.visible_to(user, action).select_related(
        "questionnaire", "version"
    ).get(pk=pk)


def wave_list(*, questionnaire: Questionnaire) -> list[Wave]:
    """The waves of a questionnaire the caller already holds (fetched through its scope)."""
    return list(
        questionnaire.waves.select_related("version").annotate(
            response_count=Count("responses")
        )
    )


def public_wave(*, token: str) -> Wave:
    """The wave behind a public link (``Wave.DoesNotExist`` when unknown)."""
    return Wave.objects.select_related("questionnaire", "version").get(token=token)


def default_pair(waves: list[Wave]) -> tuple[Wave | None, Wave | None]:
    """The latest pre wave and the latest post wave (the usual comparison)."""
    pre = [w for w in waves if w.phase == WavePhase.PRE]
    post = [w for w in waves if w.phase == WavePhase.POST]
    return (pre[-1] if pre else None), (post[-1] if post else None)


# --- Results ----------------------------------------------------------------------------------


@dataclass
class QuestionResult:
    """One question compared between a pre and a post wave."""

    key: str
    question: Question
    before: st.Proportion | None = None  # share answering "yes" / agreeing
    after: st.Proportion | None = None
    paired_binary: st.McNemarResult | None = None
    paired_scale: st.WilcoxonResult | None = None
    unpaired: st.TwoProportionResult | None = None
    pairs: int = 0
    choice_rows: list[tuple[str, st.Proportion, st.Proportion]] = field(default_factory=list)
    text_counts: tuple[int, int] = (0, 0)

    @property
    def is_binary(self) -> bool:
        return self.question.kind == QuestionKind.YES_NO

    @property
    def is_scale(self) -> bool:
        return self.question.kind in LIKERT_MAX

    @property
    def plain(self) -> str:
        parts = []
        if self.paired_binary is not None:
            parts.append(self.paired_binary.plain())
        if self.paired_scale is not None:
            parts.append(self.paired_scale.plain())
        if self.unpaired is not None:
            parts.append(self.unpaired.plain())
        return " ".join(parts)

    @property
    def effect_words(self) -> str:
        if self.paired_binary is not None and self.paired_binary.cohens_g is not None:
            return st.effect_label(self.paired_binary.cohens_g, st.G_THRESHOLDS)
        if self.paired_scale is not None and self.paired_scale.rank_biserial is not None:
            return st.effect_label(self.paired_scale.rank_biserial, st.R_THRESHOLDS)
        if self.unpaired is not None and self.unpaired.cohens_h is not None:
            return st.effect_label(self.unpaired.cohens_h, st.H_THRESHOLDS)
        return "—"


@dataclass
class PairResults:
    pre: Wave
    post: Wave
    pre_count: int
    post_count: int
    paired_count: int
    questions: list[QuestionResult]

    def chart(self) -> BarChart:
        from django.utils.translation import gettext as _

        pairs = [
            (r, r.before, r.after)
            for r in self.questions
            if r.before is not None and r.after is not None
        ]
        return BarChart(
            key="before-after",
            title=_("Share answering yes (or agreeing), before and after"),
            labels=tuple(_short(r.question.text) for r, _before, _after in pairs),
            series=(
                Series(_("Before"), tuple(_round(before.percent) for _r, before, _a in pairs)),
                Series(_("After"), tuple(_round(after.percent) for _r, _b, after in pairs)),
            ),
            percent=True, horizontal=True, label_title=_("Question"),
        )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _positive(kind: str, number: int | None) -> bool | None:
    if number is None:
        return None
    if kind == QuestionKind.YES_NO:
        return number == 1
    return number >= LIKERT_AGREE_FROM[kind]


def _flags(kind: str, values: Iterable[_AnswerValues]) -> list[bool]:
    """Yes/agree of each answer that has a number."""
    flags = (_positive(kind, number) for number, _choices, _text in values)
    return [flag for flag in flags if flag is not None]


def pair_results(*, pre: Wave, post: Wave) -> PairResults:
    """Per question (matched by key across versions): marginal percentages over every response
    of each wave, paired tests over the respondents who answered both, unpaired tests over all."""
    answers: dict[int, dict[str, dict[_Who, _AnswerValues]]] = {pre.pk: defaultdict(dict),
                                                                post.pk: defaultdict(dict)}
    rows = Answer.objects.filter(response__wave__in=[pre.pk, post.pk]).values_list(
        "response__wave_id", "response_id", "response__respondent_id", "question__key",
        "number", "choice_values", "text",
    )
    for wave_id, response_id, respondent_id, key, number, choice_values, text in rows:
        who: _Who = ("r", respondent_id) if respondent_id else ("x", response_id)
        answers[wave_id][key][who] = (number, choice_values or [], text)
    counts = dict(Response.objects.filter(wave__in=[pre.pk, post.pk]).order_by().values(
        "wave_id").annotate(n=Count("pk")).values_list("wave_id", "n"))
    pre_who = set(Response.objects.filter(wave=pre, respondent__isnull=False).values_list(
        "respondent_id", flat=True))
    post_who = set(Response.objects.filter(wave=post, respondent__isnull=False).values_list(
        "respondent_id", flat=True))
    post_questions = {q.key: q for q in post.version.questions.prefetch_related("choices")}
    results = []
    for question in pre.version.questions.prefetch_related("choices"):
        if question.key not in post_questions:
            continue
        before = answers[pre.pk][question.key]
        after = answers[post.pk][question.key]
        result = QuestionResult(key=question.key, question=question)
        if question.kind == QuestionKind.TEXT:
            result.text_counts = (len(before), len(after))
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            for choice in question.choices.all():
                result.choice_rows.append((
                    choice.text,
                    st.Proportion(sum(choice.value in v[1] for v in before.values()),
                                  len(before)),
                    st.Proportion(sum(choice.value in v[1] for v in after.values()), len(after)),
                ))
        else:
            b_flags = _flags(question.kind, before.values())
            a_flags = _flags(question.kind, after.values())
            result.before = st.Proportion(sum(b_flags), len(b_flags))
            result.after = st.Proportion(sum(a_flags), len(a_flags))
            result.unpaired = st.two_proportions(sum(b_flags), len(b_flags), sum(a_flags),
                                                 len(a_flags))
            paired: list[tuple[int, int]] = []
            for who in before.keys() & after.keys():
                x, y = before[who][0], after[who][0]
                if who[0] == "r" and x is not None and y is not None:
                    paired.append((x, y))
            result.pairs = len(paired)
            if question.kind == QuestionKind.YES_NO:
                b = sum(1 for x, y in paired if x == 1 and y == 0)
                c = sum(1 for x, y in paired if x == 0 and y == 1)
                result.paired_binary = st.mcnemar(b, c, n=len(paired))
            else:
                result.paired_scale = st.wilcoxon_paired([x for x, _y in paired],
                                                         [y for _x, y in paired])
        results.append(result)
    return PairResults(
        pre=pre, post=post, pre_count=counts.get(pre.pk, 0), post_count=counts.get(post.pk, 0),
        paired_count=len(pre_who & post_who), questions=results,
    )


def raw_response_rows(*, waves: list[Wave]) -> tuple[list[str], list[list[Any]]]:
    """Headers and rows of the raw responses of ``waves``: respondent codes, never names."""
    from django.utils.translation import gettext as _

    questions: dict[str, Question] = {}
    for wave in waves:
        for q in wave.version.questions.all():
            questions.setdefault(q.key, q)
    keys = list(questions)
    headers = [_("Wave"), _("Phase"), _("Respondent code"), _("Channel"), _("Submitted at"),
               *[f"{k}: {questions[k].text}" for k in keys]]
    rows = []
    responses = (
        Response.objects.filter(wave__in=[w.pk for w in waves])
        .select_related("wave", "respondent")
        .prefetch_related("answers__question")
        .order_by("wave_id", "pk")
    )
    for response in responses:
        by_key: dict[str, int | str] = {}
        for answer in response.answers.all():
            value: int | str
            if answer.number is not None:
                value = answer.number
            elif answer.choice_values:
                value = "; ".join(answer.choice_values)
            else:
                value = answer.text
            by_key[answer.question.key] = value
        rows.append([
            str(response.wave), response.wave.get_phase_display(),
            response.respondent.code if response.respondent else "",
            response.get_channel_display(), response.created_at.isoformat(timespec="seconds"),
            *[by_key.get(k, "") for k in keys],
        ])
    return headers, rows


def dashboard_chart(user: AnyUser) -> BarChart | None:
    """The home dashboard's before/after chart: the user's most recent questionnaire that has
    answers in both a pre and a post wave (None when there is none or the user may not see
    questionnaires)."""
    from dataclasses import replace

    from django.utils.translation import gettext as _

    candidates = (
        Questionnaire.objects.visible_to(user, VIEW)
        .filter(waves__phase=WavePhase.POST, waves__responses__isnull=False)
        .filter(waves__phase=WavePhase.PRE)
        .distinct().order_by("-created_at")[:5]
    )
    for questionnaire in candidates:
        pre, post = default_pair(wave_list(questionnaire=questionnaire))
        if pre is None or post is None:
            continue
        chart = pair_results(pre=pre, post=post).chart()
        if chart.is_empty:
            continue
        return replace(
            chart, key="questionnaire-before-after",
            title=_("Before and after socialization: %(title)s") % {"title": questionnaire.title},
        )
    return None
