"""Organisation pages through the HTTP client."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from netra.accounts.models import Membership
from netra.core.scoping import reset_scope
from netra.core.tests.mixins import ScopedViewTests
from netra.orgs.choices import OrgKind
from netra.orgs.models import Organisation
from netra.orgs.tests.factories import OrganisationFactory

LIST = reverse("orgs:organisation_list")


def english(user):
    """Render pages for ``user`` in English so messages can be matched on their msgid."""
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def admin_client(client, member):
    user = member("administrator", "36.73")
    client.force_login(user)
    client.user = user
    return client


class TestScopedOrganisationViews(ScopedViewTests):
    url_names = (
        "orgs:organisation_detail",
        "orgs:organisation_update",
        "orgs:organisation_create",
    )

    def make_object(self, org_factory, region_code):
        return org_factory(region_code, OrgKind.KPU, name=f"KPU {region_code}")


def test_anonymous_is_sent_to_login(client, org_factory):
    org = org_factory("36.73")
    for url in (
        LIST,
        reverse("orgs:organisation_detail", args=[org.pk]),
        reverse("orgs:organisation_update", args=[org.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


class TestList:
    def test_lists_the_jurisdiction(self, admin_client, org_factory):
        org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        org_factory("36.04", name="Bawaslu Kabupaten Serang")
        response = admin_client.get(LIST)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Panwaslu Kecamatan Serang" in html
        assert "Bawaslu Kabupaten Serang" not in html
        assert response.context["paginator"].count == 2  # own office + its Panwascam

    def test_filters_by_kind_and_query(self, admin_client, org_factory):
        org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        org_factory("36.73.05", name="Panwaslu Kecamatan Cipocok Jaya")
        OrganisationFactory(
            region_code="36.73", kind=OrgKind.KPU, name="KPU Kota Serang", office_code="KPU-7"
        )

        by_kind = admin_client.get(LIST, {"kind": OrgKind.PANWASCAM})
        assert [o.name for o in by_kind.context["object_list"]] == [
            "Panwaslu Kecamatan Serang",
            "Panwaslu Kecamatan Cipocok Jaya",
        ]
        by_name = admin_client.get(LIST, {"q": "cipocok"})
        assert [o.name for o in by_name.context["object_list"]] == [
            "Panwaslu Kecamatan Cipocok Jaya"
        ]
        by_code = admin_client.get(LIST, {"q": "kpu-7"})
        assert [o.name for o in by_code.context["object_list"]] == ["KPU Kota Serang"]
        both = admin_client.get(LIST, {"q": "serang", "kind": OrgKind.KPU})
        assert [o.name for o in both.context["object_list"]] == ["KPU Kota Serang"]

    def test_unknown_kind_filter_is_ignored(self, admin_client, org_factory):
        org_factory("36.73.01")
        response = admin_client.get(LIST, {"kind": "bogus"})
        assert response.status_code == 200
        assert response.context["paginator"].count == 2

    def test_query_count_is_capped(self, admin_client, org_factory, django_assert_max_num_queries):
        parent = admin_client.user.organisation
        for i in range(40):
            OrganisationFactory(
                region_code="36.73.01", kind=OrgKind.PANWASCAM, name=f"Kantor {i}", parent=parent
            )
        with django_assert_max_num_queries(8):
            response = admin_client.get(LIST)
        assert response.status_code == 200
        assert len(response.context["object_list"]) == 41

    def test_paginates(self, admin_client):
        for i in range(55):
            OrganisationFactory(region_code="36.73.01", kind=OrgKind.PANWASCAM, name=f"K{i:02d}")
        first = admin_client.get(LIST)
        second = admin_client.get(LIST, {"page": 2})
        assert len(first.context["object_list"]) == 50
        assert len(second.context["object_list"]) == 6


class TestExport:
    def test_csv(self, admin_client, org_factory):
        org_factory(
            "36.73.01", name="Panwaslu Kecamatan Serang", parent=admin_client.user.organisation
        )
        org_factory("36.04", name="Bawaslu Kabupaten Serang")
        response = admin_client.get(LIST, {"format": "csv"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert 'filename="organisasi.csv"' in response["Content-Disposition"]
        rows = csv_rows(response)
        assert len(rows[0]) == 6
        names = [r[0] for r in rows[1:]]
        assert names == ["bawaslu_regency 36.73", "Panwaslu Kecamatan Serang"]
        serang = rows[2]
        assert serang[2] == "36.73.01"
        assert serang[3] == "Serang"  # region label (the fixture's path)
        assert serang[5] == "bawaslu_regency 36.73"

    def test_csv_respects_filters_and_neutralises_formulas(self, admin_client):
        OrganisationFactory(region_code="36.73", kind=OrgKind.KPU, name="=HYPERLINK(1)")
        rows = csv_rows(admin_client.get(LIST, {"format": "csv", "kind": OrgKind.KPU}))
        assert [r[0] for r in rows[1:]] == ["'=HYPERLINK(1)"]

    def test_xlsx(self, admin_client, org_factory):
        org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        response = admin_client.get(LIST, {"format": "xlsx"})
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert len(rows) == 3
        assert [r[0] for r in rows[1:]] == ["bawaslu_regency 36.73", "Panwaslu Kecamatan Serang"]
        assert rows[2][2] == "36.73.01"

    def test_without_export_right_answers_404(self, client, member):
        client.force_login(member("field_supervisor", "36.73"))
        assert client.get(LIST, {"format": "csv"}).status_code == 404
        assert client.get(LIST, {"format": "xlsx"}).status_code == 404
        page = client.get(LIST)
        assert page.status_code == 200
        assert "format=csv" not in page.content.decode()

    def test_export_is_scoped_by_the_export_right(self, client, member, org_factory):
        """Rows a user may view through a role without ``export`` stay out of the export."""
        user = member("analyst", "36.73")
        Membership.objects.create(
            user=user, organisation=org_factory("36.04"), role="field_supervisor"
        )
        reset_scope(user)
        org_factory("36.04.01", name="Panwaslu Kecamatan Cinangka")
        org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        client.force_login(user)

        page = client.get(LIST)
        assert "Panwaslu Kecamatan Cinangka" in page.content.decode()
        names = [r[0] for r in csv_rows(client.get(LIST, {"format": "csv"}))[1:]]
        assert "Panwaslu Kecamatan Serang" in names
        assert "Panwaslu Kecamatan Cinangka" not in names


class TestDetail:
    def test_shows_facts_staff_children_and_actions(self, admin_client, org_factory):
        own = admin_client.user.organisation
        org_factory("36.73.05", name="Panwaslu Kecamatan Cipocok Jaya", parent=own)
        response = admin_client.get(reverse("orgs:organisation_detail", args=[own.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Panwaslu Kecamatan Cipocok Jaya" in html
        assert admin_client.user.get_full_name() in html
        assert reverse("orgs:organisation_update", args=[own.pk]) in html
        assert reverse("orgs:organisation_create", args=[own.pk]) in html
        assert reverse("accounts:user_create", args=[own.pk]) in html
        assert response.context["jurisdiction"] == "Kota Serang"

    def test_viewer_gets_no_action_buttons(self, client, member):
        user = member("analyst", "36.73")
        client.force_login(user)
        response = client.get(reverse("orgs:organisation_detail", args=[user.organisation.pk]))
        assert response.status_code == 200
        assert reverse("orgs:organisation_update", args=[user.organisation.pk]) not in (
            response.content.decode()
        )

    def test_hidden_children_are_not_listed(self, client, member, org_factory):
        user = member("field_supervisor", "36.73.01", kind=OrgKind.PANWASCAM)
        parent = org_factory("36.73")
        user.organisation.parent = parent
        user.organisation.save()
        org_factory("36.73.05", name="Panwaslu Kecamatan Cipocok Jaya", parent=parent)
        client.force_login(user)
        # The parent office is not visible to a district supervisor at all.
        assert client.get(reverse("orgs:organisation_detail", args=[parent.pk])).status_code == 404


class TestEdit:
    def test_get_shows_the_current_values(self, admin_client, org_factory):
        org = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        response = admin_client.get(reverse("orgs:organisation_update", args=[org.pk]))
        assert response.status_code == 200
        assert 'value="Panwaslu Kecamatan Serang"' in response.content.decode()

    def test_saves_and_redirects_with_a_message(self, admin_client, org_factory):
        org = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        english(admin_client.user)
        response = admin_client.post(
            reverse("orgs:organisation_update", args=[org.pk]),
            {"name": "Panwascam Serang", "office_code": "12.01", "email": "serang@panwas.id"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == reverse("orgs:organisation_detail", args=[org.pk])
        assert "Organisation saved." in response.content.decode()
        org.refresh_from_db()
        assert (org.name, org.office_code, org.email) == (
            "Panwascam Serang",
            "12.01",
            "serang@panwas.id",
        )

    def test_bad_email_answers_400_with_the_error_next_to_the_field(
        self, admin_client, org_factory
    ):
        org = org_factory("36.73.01", name="Panwaslu Kecamatan Serang")
        english(admin_client.user)
        response = admin_client.post(
            reverse("orgs:organisation_update", args=[org.pk]),
            {"name": "Panwascam Serang", "email": "bukan-email"},
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_email_error"' in html
        field = html[html.index('for="id_email"') : html.index('id="id_email_error"')]
        assert 'name="email"' in field
        assert "Enter a valid email address." in html
        org.refresh_from_db()
        assert org.name == "Panwaslu Kecamatan Serang"

    def test_duplicate_name_answers_400_on_the_name_field(self, admin_client, org_factory):
        org_factory("36.73.01", name="Panwaslu A")
        org = org_factory("36.73.01", name="Panwaslu B")
        response = admin_client.post(
            reverse("orgs:organisation_update", args=[org.pk]), {"name": "Panwaslu A"}
        )
        assert response.status_code == 400
        assert 'id="id_name_error"' in response.content.decode()


class TestCreateChild:
    def url(self, org):
        return reverse("orgs:organisation_create", args=[org.pk])

    def test_get_renders_the_region_picker(self, admin_client):
        own = admin_client.user.organisation
        response = admin_client.get(self.url(own))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'type="hidden" name="region_code" id="id_region_code"' in html
        # The picker is a fieldset named by its legend; no label points at the hidden input.
        assert 'id="id_region_code_fieldset"' in html
        assert 'for="id_region_code"' not in html
        assert 'value="36.73"' in html
        assert reverse("regions:picker_search") in html

    def test_creates_a_panwascam_through_the_picker_field(self, admin_client):
        own = admin_client.user.organisation
        response = admin_client.post(
            self.url(own),
            {
                "name": "Panwaslu Kecamatan Cipocok Jaya",
                "kind": OrgKind.PANWASCAM,
                "region_code": "36.73.05",
                "registration_label": "Kec-CipocokJaya",
            },
        )
        created = Organisation.objects.get(name="Panwaslu Kecamatan Cipocok Jaya")
        assert response.status_code == 302
        assert response["Location"] == reverse("orgs:organisation_detail", args=[created.pk])
        assert (created.parent, created.region_code, created.kind) == (
            own,
            "36.73.05",
            OrgKind.PANWASCAM,
        )

    @pytest.mark.parametrize("code", ["36.04.01", "36.73.99", "36.73"])
    def test_refused_region_answers_400_on_the_region_field(self, admin_client, code):
        own = admin_client.user.organisation
        response = admin_client.post(
            self.url(own),
            {
                "name": "Panwaslu X",
                "kind": OrgKind.PANWASCAM,
                "region_code": code,
            },
        )
        assert response.status_code == 400
        assert 'id="id_region_code_error"' in response.content.decode()
        assert not Organisation.objects.filter(name="Panwaslu X").exists()

    def test_commissioner_cannot_create(self, client, member):
        user = member("commissioner", "36.73")
        client.force_login(user)
        response = client.post(
            self.url(user.organisation),
            {
                "name": "Panwaslu X",
                "kind": OrgKind.PANWASCAM,
                "region_code": "36.73.05",
            },
        )
        assert response.status_code == 404
        assert not Organisation.objects.filter(name="Panwaslu X").exists()
