"""Finding the subject, activity and election type in a question typed in a person's own words.

``normalise`` turns Indonesian (or English) chat-style text into comparable tokens: lowercase,
accents, emoji and punctuation removed, elongations collapsed ("bolehhh" → "boleh"), the usual
abbreviations and spellings expanded (yg, gak/nggak/tdk, kades, parpol, medsos, kaus, nge-like,
poto …). The catalogue's own synonyms and keywords (data, editable in the admin) go through the
same normalisation, then each is looked for in the question: as a whole phrase, with Indonesian
affixes around it ("postingan", "dibagikan", "ngeshare"), or with a typo (RapidFuzz ratio).

A keyword written ``~word`` in the catalogue is *weak* context (a platform name, "acara", "dana"):
it can never reach the confidence threshold alone; ``^word`` is generic ("kampanye"): enough
alone, but any specific keyword beats it. Below the threshold the result says
"not sure" (``Match.sure`` is False) and nobody gets a verdict from a guess.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import emoji
from rapidfuzz import fuzz

from .choices import ElectionScope

#: Confidence from which a match is used to give an answer.
THRESHOLD = 0.75
#: Similarity (0-100) from which a word counts as the same word with a typo.
TYPO_RATIO = 85
#: Keyword prefixes in the catalogue: ``~`` context that never suffices alone, ``^`` a generic
#: word that suffices alone but loses to any specific one ("kampanye" vs "pasang spanduk").
WEIGHTS = {"~": 0.5, "^": 0.8}

ABBREVIATIONS: dict[str, str] = {
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "utk": "untuk",
    "untk": "untuk",
    "gak": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "gk": "tidak",
    "ga": "tidak",
    "enggak": "tidak",
    "engga": "tidak",
    "tdk": "tidak",
    "tak": "tidak",
    "ndak": "tidak",
    "blh": "boleh",
    "bole": "boleh",
    "bs": "bisa",
    "bsa": "bisa",
    "sy": "saya",
    "aku": "saya",
    "gw": "saya",
    "gue": "saya",
    "gua": "saya",
    "klo": "kalau",
    "kalo": "kalau",
    "kl": "kalau",
    "sbg": "sebagai",
    "org": "orang",
    "krn": "karena",
    "tp": "tapi",
    "tpi": "tapi",
    "jd": "jadi",
    "dtg": "datang",
    "hdr": "hadir",
    "sdh": "sudah",
    "udah": "sudah",
    "udh": "sudah",
    "blm": "belum",
    "pake": "pakai",
    "kaus": "kaos",
    "poto": "foto",
    "photo": "foto",
    "photos": "foto",
    "ngelike": "like",
    "nglike": "like",
    "ngelaik": "like",
    "laik": "like",
    "likes": "like",
    "liked": "like",
    "ngeshare": "share",
    "nyebarin": "sebarkan",
    "shared": "share",
    "medsos": "media sosial",
    "sosmed": "media sosial",
    "parpol": "partai politik",
    "mobdin": "mobil dinas",
    "timses": "tim sukses",
    "kades": "kepala desa",
    "sekdes": "sekretaris desa",
    "kadus": "kepala dusun",
    "nyoblos": "mencoblos",
    "p3k": "pppk",
    "dr": "dari",
    "pd": "pada",
    "sm": "sama",
    "bareng2": "bareng",
    "fb": "facebook",
    "ig": "instagram",
    "wa": "whatsapp",
    "tweet": "twitter",
}
# Tokens that carry nothing once separated ("nge-like" → "nge like" → "like").
DROP = frozenset({"nge", "ng", "di", "ke", "a", "an", "the"})

PREFIXES = (
    "",
    "di",
    "me",
    "mem",
    "men",
    "meng",
    "meny",
    "ber",
    "ter",
    "nge",
    "ng",
    "ke",
    "pe",
    "per",
    "se",
)
SUFFIXES = (
    "",
    "an",
    "kan",
    "i",
    "nya",
    "lah",
    "kah",
    "in",
    "annya",
    "kannya",
    "s",
    "es",
    "ed",
    "ing",
)  # English endings too ("attending", "shared")

ELECTION_WORDS: dict[str, tuple[str, ...]] = {
    ElectionScope.PILKADA: (
        "pilkada",
        "pemilihan kepala daerah",
        "pilgub",
        "pilbup",
        "pilwalkot",
        "pilwali",
        "cagub",
        "cabup",
        "cawalkot",
        "calon gubernur",
        "calon bupati",
        "calon wali kota",
        "calon walikota",
        "regional election",
        "regional head election",
        "local election",
        "governor",
        "regent",
        "mayor",
    ),
    ElectionScope.PEMILU: (
        "pemilu",
        "pemilihan umum",
        "pileg",
        "pilpres",
        "caleg",
        "capres",
        "cawapres",
        "calon legislatif",
        "calon presiden",
        "dpr",
        "dprd",
        "dpd",
        "general election",
        "presidential",
        "parliamentary",
        "legislative",
    ),
}

_PUNCT = re.compile(r"[^\w\s]|_", re.UNICODE)
_ELONGATED = re.compile(r"(\w)\1{2,}")


def normalise(text: str) -> str:
    """Comparable form of ``text``: lowercase ASCII words, abbreviations expanded."""
    text = emoji.replace_emoji(text or "", replace=" ")
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").replace("'", " ")
    text = _PUNCT.sub(" ", text)
    text = _ELONGATED.sub(r"\1", text)
    words: list[str] = []
    for token in text.split():
        token = re.sub(r"2$", "", token) if len(token) > 3 else token  # "bareng2" (reduplication)
        token = ABBREVIATIONS.get(token, token)
        words.extend(w for w in token.split() if w not in DROP)
    return " ".join(words)


@lru_cache(maxsize=8192)
def _normalised_term(term: str) -> str:
    """Catalogue terms repeat on every question: normalise each once."""
    return normalise(term)


def _affixed(token: str, word: str) -> bool:
    """``token`` is ``word`` with Indonesian affixes ("dibagikan" for "bagikan")."""
    if len(word) < 4 or word not in token:
        return False
    start = token.find(word)
    return token[:start] in PREFIXES and token[start + len(word) :] in SUFFIXES


def _word_quality(token: str, word: str) -> float:
    if token == word:
        return 1.0
    if _affixed(token, word):
        return 0.95
    if len(word) >= 5 and len(token) >= 4:
        ratio = fuzz.ratio(token, word)
        if ratio >= TYPO_RATIO:
            return 0.9 * ratio / 100
    return 0.0


def phrase_quality(tokens: list[str], phrase: str) -> float:
    """How well ``phrase`` (normalised) occurs in ``tokens``: 1 exact, less with affixes or
    typos, 0 when absent."""
    words = phrase.split()
    if not words or len(words) > len(tokens):
        return 0.0
    best = 0.0
    for start in range(len(tokens) - len(words) + 1):
        quality = 1.0
        for offset, word in enumerate(words):
            quality = min(quality, _word_quality(tokens[start + offset], word))
            if quality == 0.0:
                break
        best = max(best, quality)
        if best == 1.0:
            break
    return best


@dataclass(frozen=True)
class Candidate:
    code: str
    confidence: float
    matched: str  # the synonym or keyword that matched


@dataclass(frozen=True)
class Match:
    """The best candidate (or none) and whether it is good enough to answer with."""

    best: Candidate | None
    others: tuple[Candidate, ...] = ()

    @property
    def sure(self) -> bool:
        return self.best is not None and self.best.confidence >= THRESHOLD

    @property
    def code(self) -> str | None:
        return self.best.code if self.best is not None and self.sure else None


def _score(tokens: list[str], terms: Iterable[str]) -> tuple[float, str]:
    """The best raw score of ``terms`` in ``tokens`` (above 1 for long exact phrases)."""
    best, matched = 0.0, ""
    for raw in terms:
        weight = WEIGHTS.get(raw[:1], 1.0)
        phrase = _normalised_term(raw.lstrip("~^"))
        if not phrase:
            continue
        quality = phrase_quality(tokens, phrase)
        if not quality:
            continue
        # Longer phrases are more specific: "tim kampanye" beats "kampanye".
        score = quality * weight * (1 + min(len(phrase), 20) / 100)
        if score > best:
            best, matched = score, phrase
    return best, matched


def rank(text: str, entries: Mapping[str, Iterable[str]]) -> Match:
    """Rank ``entries`` (code → synonyms/keywords) against ``text``."""
    tokens = normalise(text).split()
    scored = []
    for code, terms in entries.items():
        score, matched = _score(tokens, terms)
        if score > 0:
            # The raw score ranks (a longer exact phrase wins); confidence is capped at 1.
            confidence = round(min(score, 1.0), 3)
            scored.append((score, len(matched), Candidate(code, confidence, matched)))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    candidates = [c for _conf, _len, c in scored]
    if not candidates:
        return Match(None)
    return Match(candidates[0], tuple(c for c in candidates[1:] if c.confidence >= THRESHOLD))


def detect_election(text: str) -> str | None:
    """``pemilu``/``pilkada`` when the text names one election type (and not both)."""
    tokens = normalise(text).split()
    found = {
        kind
        for kind, words in ELECTION_WORDS.items()
        if any(phrase_quality(tokens, normalise(w)) >= 0.95 for w in words)
    }
    return found.pop() if len(found) == 1 else None


def subject_terms(subjects) -> dict[str, list[str]]:
    return {
        s.code: [s.name, s.name_en, s.code.replace("-", " "), *s.synonym_list()] for s in subjects
    }


def activity_terms(activities) -> dict[str, list[str]]:
    return {a.code: [a.name, a.name_en, *a.keyword_list()] for a in activities}


def match_subject(text: str, subjects) -> Match:
    return rank(text, subject_terms(subjects))


def match_activity(text: str, activities) -> Match:
    return rank(text, activity_terms(activities))
