"""Actions of the case-handling app (penanganan pelanggaran).

``cases.change`` is handling a case (recording, editing, evidence, workflow steps);
``cases.decide`` is the plenary decision; ``cases.respond`` is a recipient body answering a
recommendation. Workflow steps additionally name the roles that may take them
(``cases.workflow``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseAction(models.TextChoices):
    VIEW = "cases.view", _("View cases")
    CHANGE = "cases.change", _("Handle cases")
    EXPORT = "cases.export", _("Export cases and statistics")
    DECIDE = "cases.decide", _("Decide cases in plenary")
    RESPOND = "cases.respond", _("Respond to recommendations")
