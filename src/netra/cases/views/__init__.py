"""Case pages for supervisors: the list and its export, recording a case, the case page with
its workflow buttons and action forms, and editing the description.

Every case is fetched through ``visible_to`` (via ``selectors``): a case outside the user's
scope, or one they declared a conflict of interest on, answers 404. Each POST calls one service;
a refused workflow step or a concurrent edit answers 409 with the case page and the reason."""

from __future__ import annotations

from .actions import (  # noqa: F401
    case_classify,
    case_conflict,
    case_correct,
    case_extend,
    case_handover,
    case_link,
    case_person_add,
    case_person_nip,
    case_transition,
    case_update,
    case_witness_add,
)
from .detail import (  # noqa: F401
    case_detail,
)
from .listing import (  # noqa: F401
    case_create,
    case_list,
)
