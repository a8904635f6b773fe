"""Organisation services: success paths and every refusal."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from netra.core.exceptions import OutOfScope
from netra.orgs import services
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation


@pytest.fixture
def serang_admin(member):
    return member("administrator", "36.73")


def create(actor, **kwargs):
    params = {
        "name": "Panwaslu Kecamatan Cipocok Jaya",
        "kind": OrgKind.PANWASCAM,
        "region_code": "36.73.05",
        "parent": actor.organisation,
    }
    params.update(kwargs)
    return services.create_organisation(actor=actor, **params)


class TestCreateOrganisation:
    def test_creates_a_child_office(self, serang_admin):
        org = create(serang_admin, registration_label="Kec-CipocokJaya", office_code="11.01")
        org.refresh_from_db()
        assert org.parent == serang_admin.organisation
        assert org.kind == OrgKind.PANWASCAM
        assert org.region_code == "36.73.05"
        assert org.registration_label == "Kec-CipocokJaya"
        assert LogEntry.objects.get_for_object(org).filter(action=LogEntry.Action.CREATE).exists()

    def test_national_administrator_creates_a_national_body(self, member):
        actor = member("administrator", "")
        org = services.create_organisation(
            actor=actor,
            name="Badan Kepegawaian Negara",
            kind=OrgKind.CIVIL_SERVICE_BODY,
            region_code="",
        )
        assert org.region_code == ""

    def test_unknown_region_code(self, serang_admin):
        count = Organisation.objects.count()
        with pytest.raises(ValidationError) as exc:
            create(serang_admin, region_code="36.73.99")
        assert "region_code" in exc.value.message_dict
        assert "36.73.99" in exc.value.message_dict["region_code"][0]
        assert Organisation.objects.count() == count

    def test_region_level_must_fit_the_kind(self, serang_admin):
        with pytest.raises(ValidationError) as exc:
            create(serang_admin, region_code="36.73")  # a Panwascam sits at a district
        assert list(exc.value.message_dict) == ["region_code"]
        assert "3" in exc.value.message_dict["region_code"][0]

    def test_unknown_kind(self, serang_admin):
        with pytest.raises(ValidationError) as exc:
            create(serang_admin, kind="ministry")
        assert "kind" in exc.value.message_dict

    def test_region_outside_the_parent_is_refused(self, serang_admin):
        count = Organisation.objects.count()
        with pytest.raises(ValidationError) as exc:
            create(serang_admin, region_code="36.04.01", name="Panwaslu Kecamatan Cinangka")
        assert serang_admin.organisation.name in exc.value.message_dict["region_code"][0]
        assert Organisation.objects.count() == count

    def test_region_outside_the_actor_jurisdiction_is_out_of_scope(self, serang_admin, org_factory):
        parent = org_factory("36.04")
        with pytest.raises(OutOfScope):
            create(serang_admin, region_code="36.04.01", parent=parent)
        assert not Organisation.objects.filter(region_code="36.04.01").exists()

    def test_parent_must_be_visible_to_the_actor(self, member, org_factory):
        actor = member("administrator", "36.73.01", kind=OrgKind.PANWASCAM)
        hidden_parent = org_factory("36.73")  # above the actor: not visible
        with pytest.raises(OutOfScope):
            services.create_organisation(
                actor=actor,
                name="PKD Cipare",
                kind=OrgKind.PKD,
                region_code="36.73.01.1002",
                parent=hidden_parent,
            )

    @pytest.mark.parametrize("role", ["commissioner", "handling_staff", "analyst"])
    def test_actor_without_administer_is_out_of_scope(self, member, role):
        actor = member(role, "36.73")
        with pytest.raises(OutOfScope):
            create(actor)
        assert not Organisation.objects.filter(region_code="36.73.05").exists()

    def test_duplicate_name_is_refused_and_nothing_written(self, serang_admin):
        create(serang_admin)
        count = Organisation.objects.count()
        with pytest.raises(ValidationError) as exc:
            create(serang_admin, name="  Panwaslu Kecamatan Cipocok Jaya ")
        assert "name" in exc.value.message_dict
        assert Organisation.objects.count() == count

    def test_invalid_detail_is_refused(self, serang_admin):
        with pytest.raises(ValidationError) as exc:
            create(serang_admin, email="not-an-address")
        assert "email" in exc.value.message_dict
        with pytest.raises(TypeError):
            create(serang_admin, kind_label="x")


class TestUpdateOrganisation:
    def test_changes_only_the_given_fields(self, serang_admin, org_factory):
        org = org_factory("36.73.01", name="Panwaslu Serang")
        services.update_organisation(
            actor=serang_admin, organisation=org, name="Panwascam Serang", phone="0254-1"
        )
        org.refresh_from_db()
        assert (org.name, org.phone) == ("Panwascam Serang", "0254-1")
        entry = LogEntry.objects.get_for_object(org).get(action=LogEntry.Action.UPDATE)
        assert entry.changes_dict["name"] == ["Panwaslu Serang", "Panwascam Serang"]
        assert entry.changes_dict["phone"] == ["", "0254-1"]
        assert "address" not in entry.changes_dict

    def test_no_change_writes_nothing(self, serang_admin, org_factory):
        org = org_factory("36.73.01", name="Panwaslu Serang")
        before = org.updated_at
        services.update_organisation(actor=serang_admin, organisation=org, name="Panwaslu Serang")
        org.refresh_from_db()
        assert org.updated_at == before
        assert (
            not LogEntry.objects.get_for_object(org).filter(action=LogEntry.Action.UPDATE).exists()
        )

    def test_out_of_scope(self, serang_admin, org_factory):
        org = org_factory("36.04", name="Bawaslu Kabupaten Serang")
        with pytest.raises(OutOfScope):
            services.update_organisation(actor=serang_admin, organisation=org, name="X")
        org.refresh_from_db()
        assert org.name == "Bawaslu Kabupaten Serang"

    def test_viewer_without_administer_is_out_of_scope(self, member, org_factory):
        actor = member("handling_staff", "36.73")
        org = org_factory("36.73.01", name="Panwaslu Serang")
        with pytest.raises(OutOfScope):
            services.update_organisation(actor=actor, organisation=org, name="X")

    def test_kind_region_and_parent_are_not_editable(self, serang_admin, org_factory):
        org = org_factory("36.73.01")
        for field in ("kind", "region_code", "parent"):
            with pytest.raises(TypeError):
                services.update_organisation(actor=serang_admin, organisation=org, **{field: "x"})

    def test_duplicate_name_is_refused(self, serang_admin, org_factory):
        org_factory("36.73.01", name="Panwaslu A")
        org = org_factory("36.73.01", name="Panwaslu B")
        with pytest.raises(ValidationError) as exc:
            services.update_organisation(actor=serang_admin, organisation=org, name="Panwaslu A")
        assert "name" in exc.value.message_dict
        assert Organisation.objects.filter(name="Panwaslu A").count() == 1

    def test_bad_email_is_refused(self, serang_admin, org_factory):
        org = org_factory("36.73.01")
        with pytest.raises(ValidationError) as exc:
            services.update_organisation(actor=serang_admin, organisation=org, email="nope")
        assert "email" in exc.value.message_dict
        assert Organisation.objects.get(pk=org.pk).email == ""
