"""Every change of state of a case. One function per use case; each is atomic, takes the acting
user, checks scope and role through ``visible_to`` and records what happened.

A package by concern: ``common`` (inputs, errors, numbering, the timeline row), ``opening``
(recording a case; the intake port calls it), ``steps`` (workflow moves and clocks), ``facts``
(edits, locked facts, persons, hand-over, links) and ``recipients`` (answers to recommendations).
Callers import from ``netra.cases.services``."""

from __future__ import annotations

from .common import (
    ROMAN,
    ConcurrentEdit,
    PersonInput,
    ReporterInput,
    TransitionNotAllowed,
    normalise,
    validate_person,
)
from .facts import (
    CORRECTABLE_FIELDS,
    EDITABLE_FIELDS,
    MIN_REASON_LENGTH,
    PERSON_FIELDS,
    add_reported_person,
    add_witness,
    complete_nip,
    correct_case_facts,
    declare_conflict,
    hand_over,
    link_cases,
    set_violation_types,
    update_case,
)
from .letters import LetterInput, LetterProposal, allowed_sanctions, propose_letters
from .opening import open_case
from .recipients import (
    SanctionInput,
    acknowledge_recommendation,
    record_refusal,
    record_sanction,
)
from .steps import (
    allowed_transitions,
    compose_recommendation,
    extend_deadline,
    nearest_body,
    route_recommendations,
    transition_case,
)

__all__ = [
    "CORRECTABLE_FIELDS",
    "ConcurrentEdit",
    "EDITABLE_FIELDS",
    "LetterInput",
    "LetterProposal",
    "MIN_REASON_LENGTH",
    "PERSON_FIELDS",
    "PersonInput",
    "ROMAN",
    "ReporterInput",
    "SanctionInput",
    "TransitionNotAllowed",
    "acknowledge_recommendation",
    "add_reported_person",
    "add_witness",
    "allowed_sanctions",
    "allowed_transitions",
    "compose_recommendation",
    "complete_nip",
    "correct_case_facts",
    "declare_conflict",
    "extend_deadline",
    "hand_over",
    "link_cases",
    "nearest_body",
    "normalise",
    "open_case",
    "propose_letters",
    "record_refusal",
    "record_sanction",
    "route_recommendations",
    "set_violation_types",
    "transition_case",
    "update_case",
    "validate_person",
]
