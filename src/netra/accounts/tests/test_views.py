"""Account pages through the HTTP client: sign-in, language, profile and tokens, staff."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from netra.accounts.models import ApiToken, Membership, User
from netra.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from netra.core.tests.mixins import ScopedViewTests
from netra.orgs.choices import OrgKind

LOGIN = reverse("accounts:login")
STAFF = reverse("accounts:membership_list")
PROFILE = reverse("accounts:profile")


def english(user):
    user.language = "en"
    user.save(update_fields=["language"])
    return user


@pytest.fixture
def admin_client(client, member):
    user = member("administrator", "36.73")
    client.force_login(user)
    client.user = user
    return client


class TestLogin:
    def test_page_renders_in_indonesian_by_default(self, client, db):
        response = client.get(LOGIN)
        html = response.content.decode()
        assert response.status_code == 200
        assert '<html lang="id">' in html
        assert 'name="username"' in html
        assert 'type="password"' in html
        assert 'role="alert"' not in html

    def test_wrong_password_shows_the_error(self, client, db):
        UserFactory(username="rina")
        response = client.post(LOGIN, {"username": "rina", "password": "salah-sekali"})
        html = response.content.decode()
        assert response.status_code == 200
        assert '<p class="errors" role="alert">' in html
        assert 'value="rina"' in html
        assert "_auth_user_id" not in client.session

    def test_wrong_password_in_english(self, client, db):
        UserFactory(username="rina")
        response = client.post(
            LOGIN, {"username": "rina", "password": "x"}, headers={"Accept-Language": "en"}
        )
        assert "Username or password is wrong. Please try again." in response.content.decode()

    def test_success_redirects_to_the_dashboard(self, client, db):
        user = UserFactory(username="rina")
        response = client.post(LOGIN, {"username": "rina", "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"] == reverse("core:home")
        assert client.session["_auth_user_id"] == str(user.pk)

    def test_next_is_followed(self, client, db):
        UserFactory(username="rina")
        response = client.post(LOGIN, {"username": "rina", "password": PASSWORD, "next": STAFF})
        assert response["Location"] == STAFF

    def test_logout(self, admin_client):
        response = admin_client.post(reverse("accounts:logout"))
        assert response.status_code == 302
        assert response["Location"] == LOGIN
        assert admin_client.get(STAFF).status_code == 302


class TestLanguage:
    def test_switch_persists_and_next_page_is_english(self, admin_client):
        assert '<html lang="id">' in admin_client.get(PROFILE).content.decode()
        response = admin_client.post(
            reverse("accounts:language"), {"language": "en", "next": PROFILE}
        )
        assert response.status_code == 302
        assert response["Location"] == PROFILE
        admin_client.user.refresh_from_db()
        assert admin_client.user.language == "en"
        page = admin_client.get(PROFILE)
        assert '<html lang="en">' in page.content.decode()
        assert "My account" in page.content.decode()

    def test_back_to_indonesian(self, admin_client):
        english(admin_client.user)
        admin_client.post(reverse("accounts:language"), {"language": "id", "next": "/"})
        assert User.objects.get(pk=admin_client.user.pk).language == "id"
        assert '<html lang="id">' in admin_client.get("/").content.decode()

    def test_unknown_language_changes_nothing(self, admin_client):
        response = admin_client.post(reverse("accounts:language"), {"language": "xx"})
        assert response.status_code == 302
        assert User.objects.get(pk=admin_client.user.pk).language == "id"

    def test_foreign_next_is_ignored(self, admin_client):
        response = admin_client.post(
            reverse("accounts:language"), {"language": "en", "next": "https://evil.example/"}
        )
        assert response["Location"] == "/"

    def test_anonymous_switch_sets_the_cookie(self, client, db):
        response = client.post(reverse("accounts:language"), {"language": "en", "next": LOGIN})
        assert response.cookies["django_language"].value == "en"
        assert '<html lang="en">' in client.get(LOGIN).content.decode()

    def test_get_is_not_allowed(self, admin_client):
        assert admin_client.get(reverse("accounts:language")).status_code == 405


class TestProfile:
    def test_shows_account_and_roles(self, admin_client):
        response = admin_client.get(PROFILE)
        html = response.content.decode()
        assert response.status_code == 200
        assert admin_client.user.username in html
        assert admin_client.user.organisation.name in html
        assert "Kota Serang" in html  # jurisdiction label

    def test_token_key_is_shown_once_and_works(self, admin_client, client):
        response = admin_client.post(PROFILE, {"name": "laptop"})
        key = response.context["new_key"]
        html = response.content.decode()
        assert response.status_code == 200
        assert key
        assert f"<code>{key}</code>" in html
        token = ApiToken.objects.get(user=admin_client.user)
        assert token.name == "laptop"
        assert token.key_hash != key

        again = admin_client.get(PROFILE).content.decode()
        assert key not in again
        assert f"{token.prefix}…" in again

        from django.test import Client

        api = Client()
        assert (
            api.get(
                "/api/v1/organisations/", headers={"Authorization": f"Bearer {key}"}
            ).status_code
            == 200
        )

    def test_revoke(self, admin_client):
        admin_client.post(PROFILE, {"name": "laptop"})
        token = ApiToken.objects.get(user=admin_client.user)
        response = admin_client.post(PROFILE, {"revoke": token.pk})
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked_at is not None
        assert f"{token.prefix}…" not in admin_client.get(PROFILE).content.decode()

    def test_cannot_revoke_someone_elses_token(self, admin_client):
        other = UserFactory()
        token = ApiToken.objects.create(user=other, name="x", prefix="abcdefgh", key_hash="0" * 64)
        assert admin_client.post(PROFILE, {"revoke": token.pk}).status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None

    def test_token_name_is_required(self, admin_client):
        response = admin_client.post(PROFILE, {"name": ""})
        assert response.status_code == 200
        assert response.context["new_key"] is None
        assert 'id="id_name_error"' in response.content.decode()
        assert not ApiToken.objects.exists()

    def test_anonymous_is_sent_to_login(self, client, db):
        response = client.get(PROFILE)
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)


def staff_setup(admin, org_factory):
    panwascam = org_factory("36.73.05", name="Panwaslu Kecamatan Cipocok Jaya")
    MembershipFactory(
        organisation=panwascam,
        role="field_supervisor",
        user=UserFactory(full_name="Yusuf Maulana", username="yusuf"),
    )
    MembershipFactory(
        organisation=org_factory("36.04", name="Bawaslu Kabupaten Serang"),
        role="analyst",
        user=UserFactory(full_name="Orang Luar", username="luar"),
    )
    MembershipFactory(
        organisation=panwascam,
        role="analyst",
        is_active=False,
        user=UserFactory(full_name="Mantan Staf", username="mantan"),
    )


class TestStaffList:
    def test_lists_active_staff_in_the_jurisdiction(self, admin_client, org_factory):
        staff_setup(admin_client.user, org_factory)
        response = admin_client.get(STAFF)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Yusuf Maulana" in html
        assert admin_client.user.get_full_name() in html
        assert "Orang Luar" not in html
        assert "Mantan Staf" not in html

    def test_search(self, admin_client, org_factory):
        staff_setup(admin_client.user, org_factory)
        by_person = admin_client.get(STAFF, {"q": "yusuf"})
        assert [m.user.username for m in by_person.context["object_list"]] == ["yusuf"]
        by_org = admin_client.get(STAFF, {"q": "cipocok"})
        assert [m.user.username for m in by_org.context["object_list"]] == ["yusuf"]

    def test_csv(self, admin_client, org_factory):
        staff_setup(admin_client.user, org_factory)
        response = admin_client.get(STAFF, {"format": "csv"})
        assert response.status_code == 200
        assert 'filename="staf.csv"' in response["Content-Disposition"]
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 3
        assert {r[1] for r in rows[1:]} == {admin_client.user.username, "yusuf"}
        yusuf = next(r for r in rows if r[1] == "yusuf")
        assert yusuf[:4] == [
            "Yusuf Maulana",
            "yusuf",
            "Panwaslu Kecamatan Cipocok Jaya",
            "36.73.05",
        ]

    def test_xlsx(self, admin_client, org_factory):
        staff_setup(admin_client.user, org_factory)
        response = admin_client.get(STAFF, {"format": "xlsx", "q": "yusuf"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml"
        )
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        assert len(rows) == 2
        assert rows[1][:4] == (
            "Yusuf Maulana",
            "yusuf",
            "Panwaslu Kecamatan Cipocok Jaya",
            "36.73.05",
        )

    def test_export_needs_the_export_right(self, client, member):
        client.force_login(member("field_supervisor", "36.73"))
        assert client.get(STAFF).status_code == 200
        assert client.get(STAFF, {"format": "csv"}).status_code == 404
        assert client.get(STAFF, {"format": "xlsx"}).status_code == 404

    def test_recipient_officer_sees_own_colleagues_only(self, client, member, org_factory):
        officer = member("recipient_officer", "36.73", kind=OrgKind.BKPSDM)
        MembershipFactory(
            organisation=officer.organisation,
            role="administrator",
            user=UserFactory(full_name="Kepala BKPSDM"),
        )
        staff_setup(officer, org_factory)
        client.force_login(officer)
        names = {m.user.get_full_name() for m in client.get(STAFF).context["object_list"]}
        assert names == {officer.get_full_name(), "Kepala BKPSDM"}

    def test_query_count_is_capped(self, admin_client, org_factory, django_assert_max_num_queries):
        panwascam = org_factory("36.73.05")
        for _ in range(30):
            MembershipFactory(organisation=panwascam, role="field_supervisor")
        with django_assert_max_num_queries(8):
            response = admin_client.get(STAFF)
        assert len(response.context["object_list"]) == 31


class TestScopedUserCreate(ScopedViewTests):
    url_names = ("accounts:user_create",)

    def make_object(self, org_factory, region_code):
        return org_factory(region_code)


class TestUserCreate:
    def url(self, org):
        return reverse("accounts:user_create", args=[org.pk])

    def data(self, **kwargs):
        data = {
            "full_name": "Agus Setiawan",
            "username": "agus.setiawan",
            "email": "agus@bawaslu.example.id",
            "role": "prevention_staff",
            "language": "id",
            "password": "Cegah-Dini-2024",
        }
        data.update(kwargs)
        return data

    def test_get_renders_the_form(self, admin_client):
        response = admin_client.get(self.url(admin_client.user.organisation))
        html = response.content.decode()
        assert response.status_code == 200
        for name in ("full_name", "username", "email", "role", "language", "password"):
            assert f'name="{name}"' in html

    def test_creates_user_and_membership(self, admin_client):
        org = admin_client.user.organisation
        response = admin_client.post(self.url(org), self.data())
        assert response.status_code == 302
        assert response["Location"] == reverse("orgs:organisation_detail", args=[org.pk])
        user = User.objects.get(username="agus.setiawan")
        assert user.check_password("Cegah-Dini-2024")
        assert Membership.objects.filter(
            user=user, organisation=org, role="prevention_staff", is_active=True
        ).exists()

    def test_duplicate_username_answers_400_with_the_error(self, admin_client):
        english(admin_client.user)
        UserFactory(username="Agus.Setiawan")
        response = admin_client.post(self.url(admin_client.user.organisation), self.data())
        html = response.content.decode()
        assert response.status_code == 400
        assert 'id="id_username_error"' in html
        assert "This username is already taken." in html
        assert User.objects.filter(username__iexact="agus.setiawan").count() == 1

    def test_weak_password_answers_400(self, admin_client):
        response = admin_client.post(
            self.url(admin_client.user.organisation), self.data(password="12345678")
        )
        assert response.status_code == 400
        assert 'id="id_password_error"' in response.content.decode()
        assert not User.objects.filter(username="agus.setiawan").exists()

    def test_role_not_allowed_in_the_kind_answers_400(self, client, member):
        actor = member("administrator", "36.73", kind=OrgKind.BKPSDM)
        client.force_login(actor)
        response = client.post(self.url(actor.organisation), self.data(role="handling_staff"))
        assert response.status_code == 400
        assert 'id="id_role_error"' in response.content.decode()
        assert not User.objects.filter(username="agus.setiawan").exists()

    def test_bad_username_characters(self, admin_client):
        response = admin_client.post(
            self.url(admin_client.user.organisation), self.data(username="agus setiawan")
        )
        assert response.status_code == 400
        assert 'id="id_username_error"' in response.content.decode()

    def test_child_office_staff_may_be_created(self, admin_client, org_factory):
        panwascam = org_factory("36.73.05")
        response = admin_client.post(self.url(panwascam), self.data(role="field_supervisor"))
        assert response.status_code == 302
        assert Membership.objects.get(user__username="agus.setiawan").organisation == panwascam

    def test_non_administrator_gets_404(self, client, member):
        actor = member("commissioner", "36.73")
        client.force_login(actor)
        assert client.get(self.url(actor.organisation)).status_code == 404
        assert client.post(self.url(actor.organisation), self.data()).status_code == 404
        assert not User.objects.filter(username="agus.setiawan").exists()
