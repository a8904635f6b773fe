"""What case handling announces to other apps (delivered after commit by ``netra.core.events``).

Every event names the case and the record the case came from (``source_type`` is the source
model's ``app_label.modelname``, ``source_id`` its primary key as text; both empty for a case filed
at the desk), so a module finds its own rows without reading ``cases``' models: the portal updates a
reporter's status page, monitoring turns a case's outcome into a training label.

Events carry no identity and no names: a subscriber that needs more reads it through
``netra.cases.selectors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class CaseEventBase:
    case_id: int
    source_type: str
    source_id: str
    at: datetime


@dataclass(frozen=True)
class CaseOpened(CaseEventBase):
    """A case was recorded (initial information, finding or report) through the intake port."""

    kind: str
    source: str
    office_id: int


@dataclass(frozen=True)
class CaseStepTaken(CaseEventBase):
    """A workflow step moved the case (``transition`` is the step's name, e.g. ``register``)."""

    transition: str
    from_status: str
    to_status: str


@dataclass(frozen=True)
class RecommendationAnswered(CaseEventBase):
    """A recipient body acknowledged, refused or answered a recommendation."""

    recommendation_id: int
    status: str


@dataclass(frozen=True)
class SanctionRecorded(CaseEventBase):
    """The competent body recorded the sanction it imposed on a recommendation."""

    recommendation_id: int
