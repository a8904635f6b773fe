"""Campaign-content detection for Indonesian social-media text (deteksi konten kampanye).

Pure functions, no database and no network (everything ships in the package):

* :func:`normalise` turns a raw post into a :class:`Normalised` text: mojibake repaired (ftfy),
  URLs replaced by a token, mentions and hashtags kept as words (``#JokowiLagi`` → ``jokowi
  lagi``), emoji turned into words with the ``emoji`` package, elongations shortened
  (``mantaaap`` → ``mantap``), reduplication spelt out (``kata2`` → ``kata kata``) and slang and
  abbreviations expanded from ``data/slang_id.tsv``;
* :func:`rule_score` is the transparent lexicon score: the weights of the matched lexicon terms
  per side, with the terms themselves;
* :func:`train` builds a scikit-learn pipeline (TF-IDF word 1–2-grams + character 2–5-grams +
  the lexicon's per-side weights → class-balanced logistic regression) and :func:`predict`
  returns, for each text, the label, the probability that it is partisan and the features that
  drove the decision (largest contributions ``tf-idf × coefficient``). These settings were kept
  after a nested cross-validation over word/char n-grams, ``min_df``, sublinear tf, ``C``, class
  weights, calibrated linear SVM, a ComplementNB ensemble, lexicon feature scaling, normalisation
  variants and headline/URL/reporting-verb features: none beat them by more than the noise
  (docs/monitoring.md, "Evaluation").

Labels are sides (``01``, ``02`` … the ballot number a post promotes, or whose opponent it
attacks) or ``none``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import emoji
import ftfy
import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import confusion_matrix, f1_score
from sklearn.pipeline import FeatureUnion, Pipeline
from threadpoolctl import threadpool_limits

from .choices import NONE_LABEL

DATA_DIR = Path(__file__).resolve().parent / "data"

_URL = re.compile(r"(?:https?://|www\.)\S+|\b\S+\.(?:com|id|co|ly|net|org|me)/\S*", re.I)
_MENTION = re.compile(r"@(\w+)")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")
_REDUP = re.compile(r"\b([a-z]{2,})2\b")
_ELONGATION = re.compile(r"([a-z])\1{2,}")
_TOKEN = re.compile(r"[a-z0-9_']+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Normalised:
    """A normalised post: ``text`` (lower case, words separated by single spaces), the
    ``hashtags`` as written (lower case, without ``#``) and the ``mentions``."""

    text: str
    hashtags: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()

    @property
    def tokens(self) -> list[str]:
        return self.text.split()


@lru_cache(maxsize=1)
def slang_dictionary() -> dict[str, str]:
    """The slang/abbreviation dictionary shipped in ``data/slang_id.tsv``."""
    table: dict[str, str] = {}
    for line in (DATA_DIR / "slang_id.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        word, _sep, standard = line.partition("\t")
        table[word.strip()] = standard.strip()
    return table


def split_hashtag(tag: str) -> str:
    """``JokowiLagi`` → ``jokowi lagi``; ``2019GantiPresiden`` → ``2019 ganti presiden``."""
    return _CAMEL.sub(" ", tag).replace("_", " ").lower()


@lru_cache(maxsize=20000)
def normalise(raw: str) -> Normalised:
    """Normalise one Indonesian social-media text (see the module docstring). Cached: the
    pipeline's word and character vectorizers and the lexicon step all read the same text."""
    text = raw or ""
    ascii_only = text.isascii()
    if not ascii_only:
        text = ftfy.fix_text(text)
    hashtags = tuple(h.lower() for h in _HASHTAG.findall(text))
    mentions = tuple(m.lower() for m in _MENTION.findall(text))
    text = _URL.sub(" urltoken ", text)
    text = _HASHTAG.sub(lambda m: " " + split_hashtag(m.group(1)) + " ", text)
    text = _MENTION.sub(lambda m: " " + m.group(1) + " ", text)
    if not ascii_only:
        text = emoji.demojize(text, delimiters=(" emoji_", " "))
    text = text.lower()
    text = _REDUP.sub(r"\1 \1", text)
    text = _ELONGATION.sub(r"\1", text)
    slang = slang_dictionary()
    words = [slang.get(token, token) for token in _TOKEN.findall(text)]
    return Normalised(_SPACES.sub(" ", " ".join(words)).strip(), hashtags, mentions)


# --- lexicon rule score ---------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """A lexicon term as detection sees it (the ``LexiconEntry`` rows, or the default file)."""

    term: str
    kind: str
    side: str = ""
    weight: float = 1.0


@lru_cache(maxsize=1)
def default_lexicon() -> tuple[Term, ...]:
    """The Pilpres 2019 lexicon shipped in ``data/lexicon_pilpres2019.tsv`` (used when Netra
    holds no lexicon yet, and to seed it)."""
    terms = []
    for line in (DATA_DIR / "lexicon_pilpres2019.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("# "):
            continue
        term, kind, side, weight = line.split("\t")
        terms.append(Term(term.strip(), kind.strip(), side.strip(), float(weight)))
    return tuple(terms)


@dataclass
class RuleResult:
    """Matched terms and the weight per side; ``score`` in [0, 1) grows with the strongest side's
    weight (``w / (w + 1)``); ``side`` is that side, or ``none`` below ``threshold``."""

    matches: list[dict[str, Any]] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    side: str = NONE_LABEL


RULE_THRESHOLD = 1.0


def _term_key(term: str) -> str:
    return normalise(term).text if not term.startswith("#") else term.lower()


@lru_cache(maxsize=64)
def _compiled(lexicon: tuple[Term, ...]) -> list[tuple[Term, str, re.Pattern | None]]:
    compiled: list[tuple[Term, str, re.Pattern | None]] = []
    for t in lexicon:
        key = _term_key(t.term)
        if not key:
            continue
        pattern = None if key.startswith("#") else re.compile(r"(?<![a-z0-9_])" + re.escape(key)
                                                             + r"(?![a-z0-9_])")
        compiled.append((t, key, pattern))
    return compiled


def rule_score(post: Normalised | str, lexicon: Sequence[Term] | None = None,
               threshold: float = RULE_THRESHOLD) -> RuleResult:
    """Match the lexicon against a post: whole words/phrases in the normalised text, hashtag
    entries against the hashtags, and candidate names/nicknames inside unsplit hashtags
    (``#tusukprabowosandi``). Each matched term counts once."""
    post = normalise(post) if isinstance(post, str) else post
    lexicon = tuple(lexicon) if lexicon is not None else default_lexicon()
    result = RuleResult()
    joined_tags = " ".join(post.hashtags)
    for term, key, pattern in _compiled(lexicon):
        if pattern is None:
            hit = key[1:] in post.hashtags
        else:
            hit = bool(pattern.search(post.text))
            if not hit and len(key) >= 5 and " " not in key and term.kind in (
                "candidate", "nickname", "slogan"
            ):
                hit = key in joined_tags
        if hit:
            result.matches.append(
                {"term": term.term, "kind": term.kind, "side": term.side, "weight": term.weight}
            )
            if term.side:
                result.weights[term.side] = result.weights.get(term.side, 0.0) + term.weight
    if result.weights:
        side, weight = max(sorted(result.weights.items()), key=lambda kv: kv[1])
        result.score = round(weight / (weight + 1.0), 4)
        if weight >= threshold:
            result.side = side
    return result


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Pipeline step: one column per side with the matched lexicon weight (log-scaled)."""

    def __init__(self, lexicon: tuple[Term, ...] | None = None, sides: tuple[str, ...] = ()):
        self.lexicon = lexicon
        self.sides = sides

    def fit(self, texts, y=None):
        return self

    def transform(self, texts):
        rows = []
        for text in texts:
            weights = rule_score(text, self.lexicon).weights
            rows.append([math.log1p(weights.get(side, 0.0)) for side in self.sides])
        return np.asarray(rows, dtype=float).reshape(len(rows), len(self.sides))

    def get_feature_names_out(self, input_features=None):
        return np.asarray([f"lexicon:{side}" for side in self.sides], dtype=object)


# --- classifier -------------------------------------------------------------------------------


def _analyse(text: str) -> str:
    return normalise(text).text


WORD_PATTERN = r"(?u)\b\w+\b"

DEFAULT_PARAMS: dict[str, Any] = {
    "word_ngrams": [1, 2],
    "char_ngrams": [2, 5],
    "min_df": 2,
    "C": 1.0,
    "lexicon_weight": 1.0,
}


def build_pipeline(sides: Sequence[str], lexicon: Sequence[Term] | None = None,
                   params: dict[str, Any] | None = None) -> Pipeline:
    """TF-IDF words + characters + lexicon weights → class-balanced logistic regression."""
    p = {**DEFAULT_PARAMS, **(params or {})}
    lexicon = tuple(lexicon) if lexicon is not None else default_lexicon()
    features = FeatureUnion(
        [
            ("word", TfidfVectorizer(preprocessor=_analyse, ngram_range=tuple(p["word_ngrams"]),
                                     min_df=p["min_df"], sublinear_tf=True,
                                     token_pattern=WORD_PATTERN)),
            ("char", TfidfVectorizer(preprocessor=_analyse, analyzer="char_wb",
                                     ngram_range=tuple(p["char_ngrams"]), min_df=p["min_df"],
                                     sublinear_tf=True)),
            ("lexicon", LexiconFeatures(lexicon, tuple(sides))),
        ],
        transformer_weights={"word": 1.0, "char": 1.0, "lexicon": p["lexicon_weight"]},
    )
    classifier = LogisticRegression(C=p["C"], class_weight="balanced", max_iter=2000)
    return Pipeline([("features", features), ("classifier", classifier)])


def sides_of(labels: Iterable[str]) -> list[str]:
    return sorted({label for label in labels if label != NONE_LABEL})


def train(texts: Sequence[str], labels: Sequence[str], *, lexicon: Sequence[Term] | None = None,
          params: dict[str, Any] | None = None) -> Pipeline:
    """Fit a pipeline on labelled texts. Needs at least two distinct labels."""
    if len(set(labels)) < 2:
        raise ValueError("training needs at least two distinct labels")
    pipeline = build_pipeline(sides_of(labels), lexicon, params)
    # One BLAS/OpenMP thread: the problem is small, and on a busy machine the solver's threads
    # wait on each other (training on the 300-row dev set took 5x longer with two threads).
    with threadpool_limits(limits=1):
        pipeline.fit(list(texts), list(labels))
    return pipeline


@dataclass
class Prediction:
    label: str
    partisan: float  # probability that the text takes a side (1 - P(none))
    features: list[dict[str, Any]]


def predict(pipeline: Pipeline, texts: Sequence[str], *, explain: int = 5) -> list[Prediction]:
    """Label, partisan probability and the top ``explain`` features behind each label."""
    features = pipeline.named_steps["features"]
    classifier = pipeline.named_steps["classifier"]
    matrix = features.transform(list(texts))
    probabilities = classifier.predict_proba(matrix)
    classes = list(classifier.classes_)
    names = features.get_feature_names_out() if explain else None
    none_index = classes.index(NONE_LABEL) if NONE_LABEL in classes else None
    predictions = []
    for row, probs in enumerate(probabilities):
        best = int(np.argmax(probs))
        partisan = 1.0 - float(probs[none_index]) if none_index is not None else 1.0
        top: list[dict[str, Any]] = []
        if explain:
            vector = matrix[row].tocoo() if hasattr(matrix, "tocoo") else None
            coef = classifier.coef_
            coef_row = coef[best] if coef.shape[0] > 1 else (coef[0] if best == 1 else -coef[0])
            if vector is not None and names is not None:
                contributions = [
                    (float(value * coef_row[col]), int(col))
                    for col, value in zip(vector.col, vector.data, strict=True)
                ]
                contributions.sort(reverse=True)
                top = [
                    {"feature": _feature_label(str(names[col])), "weight": round(weight, 4)}
                    for weight, col in contributions[:explain]
                    if weight > 0
                ]
        predictions.append(Prediction(classes[best], round(partisan, 4), top))
    return predictions


def _feature_label(name: str) -> str:
    """``word__prabowo`` → ``word: prabowo``; ``char__ owo`` → ``chars: ' owo'``."""
    step, _sep, feature = name.partition("__")
    if step == "char":
        return f"chars: '{feature}'"
    if step == "lexicon":
        return feature
    return f"{step}: {feature}"


# --- evaluation -------------------------------------------------------------------------------


@dataclass
class Evaluation:
    labels: list[str]
    matrix: list[list[int]]
    macro_f1: float
    partisan_macro_f1: float
    n: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "confusion_matrix": self.matrix,
            "macro_f1": self.macro_f1,
            "partisan_macro_f1": self.partisan_macro_f1,
            "n": self.n,
        }

    def summary_line(self) -> str:
        return f"macro_f1={self.macro_f1:.4f} partisan_macro_f1={self.partisan_macro_f1:.4f}"

    def matrix_text(self) -> str:
        width = max(6, *(len(label) for label in self.labels)) + 1
        lines = ["true\\pred".ljust(width) + "".join(lab.rjust(width) for lab in self.labels)]
        for label, row in zip(self.labels, self.matrix, strict=True):
            lines.append(label.ljust(width) + "".join(str(v).rjust(width) for v in row))
        return "\n".join(lines)


def evaluate_predictions(truth: Sequence[str], predicted: Sequence[str]) -> Evaluation:
    """Confusion matrix, macro-F1 over all labels and macro-F1 of partisan vs none."""
    labels = sorted(set(truth) | set(predicted), key=lambda lab: (lab == NONE_LABEL, lab))
    matrix = confusion_matrix(truth, predicted, labels=labels).tolist()
    macro = f1_score(truth, predicted, labels=labels, average="macro", zero_division=0)
    binary_truth = [label != NONE_LABEL for label in truth]
    binary_pred = [label != NONE_LABEL for label in predicted]
    partisan = f1_score(binary_truth, binary_pred, labels=[True, False], average="macro",
                        zero_division=0)
    return Evaluation(labels, matrix, round(float(macro), 4), round(float(partisan), 4),
                      len(truth))


def rule_labels(texts: Sequence[str], lexicon: Sequence[Term] | None = None) -> list[str]:
    lexicon = tuple(lexicon) if lexicon is not None else None
    return [rule_score(text, lexicon).side for text in texts]


def cross_validate(texts: Sequence[str], labels: Sequence[str], *, folds: int = 5,
                   seed: int = 0, lexicon: Sequence[Term] | None = None,
                   params: dict[str, Any] | None = None) -> dict[str, Evaluation]:
    """Stratified k-fold: out-of-fold predictions of the classifier, beside the majority class
    (of each training fold) and the lexicon rule score alone, on the same rows."""
    from collections import Counter

    from sklearn.model_selection import StratifiedKFold

    texts, labels = list(texts), list(labels)
    model_pred = [""] * len(texts)
    majority_pred = [""] * len(texts)
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train_idx, test_idx in splitter.split(texts, labels):
        train_texts = [texts[i] for i in train_idx]
        train_labels = [labels[i] for i in train_idx]
        pipeline = train(train_texts, train_labels, lexicon=lexicon, params=params)
        for i, p in zip(test_idx, pipeline.predict([texts[i] for i in test_idx]), strict=True):
            model_pred[i] = str(p)
        majority = Counter(train_labels).most_common(1)[0][0]
        for i in test_idx:
            majority_pred[i] = majority
    return {
        "model": evaluate_predictions(labels, model_pred),
        "majority": evaluate_predictions(labels, majority_pred),
        "rules": evaluate_predictions(labels, rule_labels(texts, lexicon)),
    }
