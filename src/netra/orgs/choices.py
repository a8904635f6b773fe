"""Organisation kinds and which roles each may hold (domain reference, section 2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgKind(models.TextChoices):
    BAWASLU_RI = "bawaslu_ri", _("Bawaslu RI")
    BAWASLU_PROVINCE = "bawaslu_province", _("Provincial Bawaslu")
    BAWASLU_REGENCY = "bawaslu_regency", _("Regency/city Bawaslu")
    PANWASCAM = "panwascam", _("District supervisory committee (Panwascam)")
    PKD = "pkd", _("Village supervisor (PKD)")
    CIVIL_SERVICE_BODY = "civil_service_body", _("Civil-service body (BKN)")
    KASN = "kasn", _("KASN (dissolved 2024)")
    BKPSDM = "bkpsdm", _("Regional personnel agency (BKPSDM)")
    PPK = "ppk", pgettext_lazy("organisation kind", "Personnel authority (PPK)")
    KPU = "kpu", _("Election commission (KPU)")
    GAKKUMDU = "gakkumdu", _("Integrated law-enforcement centre (Sentra Gakkumdu)")
    DKPP = "dkpp", _("Election organisers' ethics council (DKPP)")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    # Authorities over persons outside the civil service (issue #15.2, routing as data).
    VILLAGE_GOVERNMENT = "village_government", _("Village government (village head)")
    TNI_COMMAND = "tni_command", _("Armed forces command (TNI)")
    POLRI_COMMAND = "polri_command", _("Police command (Polri, Propam)")


# Administrative level each kind sits at: 0 = national, 1 province, 2 regency/city,
# 3 district, 4 village. ``None`` means any level (KPU, BKPSDM, Gakkumdu, inspectorate exist at
# several levels).
KIND_LEVEL: dict[str, int | None] = {
    OrgKind.BAWASLU_RI: 0,
    OrgKind.BAWASLU_PROVINCE: 1,
    OrgKind.BAWASLU_REGENCY: 2,
    OrgKind.PANWASCAM: 3,
    OrgKind.PKD: 4,
    OrgKind.CIVIL_SERVICE_BODY: 0,
    OrgKind.KASN: 0,
    OrgKind.BKPSDM: None,
    OrgKind.PPK: None,
    OrgKind.KPU: None,
    OrgKind.GAKKUMDU: None,
    OrgKind.DKPP: 0,
    OrgKind.INSPECTORATE: None,
    OrgKind.VILLAGE_GOVERNMENT: 4,
    OrgKind.TNI_COMMAND: None,
    OrgKind.POLRI_COMMAND: None,
}

SUPERVISORY_KINDS = frozenset(
    {
        OrgKind.BAWASLU_RI,
        OrgKind.BAWASLU_PROVINCE,
        OrgKind.BAWASLU_REGENCY,
        OrgKind.PANWASCAM,
        OrgKind.PKD,
    }
)
RECIPIENT_KINDS = frozenset(OrgKind.values) - SUPERVISORY_KINDS
