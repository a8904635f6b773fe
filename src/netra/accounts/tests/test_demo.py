"""Demo data: one user per role, idempotent, and scopes that match the organisations."""

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.http import HttpRequest

from netra.accounts.demo import DEMO_USERS
from netra.accounts.demo import load_demo_organisations_and_users as load_demo_data
from netra.accounts.models import Membership, User
from netra.accounts.roles import KIND_ROLES
from netra.core.scoping import get_scope
from netra.orgs.models import Organisation
from netra.regions.services import import_regions

pytestmark = pytest.mark.django_db


@pytest.fixture
def banten():
    import_regions(province="36")


def counts():
    return (User.objects.count(), Organisation.objects.count(), Membership.objects.count())


def test_needs_the_regions_first():
    with pytest.raises(RuntimeError):
        load_demo_data()
    with pytest.raises(CommandError):
        call_command("load_demo_data")


def test_creates_one_user_per_listed_role(banten):
    logins = load_demo_data()
    assert [login.username for login in logins] == [row[0] for row in DEMO_USERS]
    for username, full_name, role, _key in DEMO_USERS:
        user = User.objects.get(username=username)
        assert user.full_name == full_name
        memberships = list(
            Membership.objects.filter(user=user, is_active=True).select_related("organisation")
        )
        assert [m.role for m in memberships] == [role]
        assert role in KIND_ROLES[memberships[0].organisation.kind]
    assert {row[2] for row in DEMO_USERS} == {m.role for m in Membership.objects.all()}


def test_is_idempotent(banten):
    load_demo_data()
    before = counts()
    assert before[0] == len(DEMO_USERS)
    load_demo_data()
    assert counts() == before


def test_organisations_sit_in_known_regions(banten):
    load_demo_data()
    serang = Organisation.objects.get(name="Bawaslu Kota Serang")
    assert serang.region_code == "36.73"
    assert serang.office_code == "1.01"
    assert serang.parent.name == "Bawaslu Provinsi Banten"
    cipocok = Organisation.objects.get(region_code="36.73.05", kind="panwascam")
    assert cipocok.registration_label == "Kec-CipocokJaya"
    assert cipocok.parent == serang
    from netra.regions.models import Region

    codes = set(Region.objects.values_list("code", flat=True)) | {""}
    assert set(Organisation.objects.values_list("region_code", flat=True)) <= codes


def test_admin_serang_scope_covers_serang_city(banten):
    load_demo_data()
    admin = User.objects.get(username="admin.serang")
    scope = get_scope(admin)
    assert scope.prefixes("orgs.administer") == ["36.73"]
    manageable = Organisation.objects.visible_to(admin, "orgs.administer")
    assert manageable.filter(kind="panwascam", region_code__startswith="36.73.").count() == 6
    assert not manageable.filter(region_code="36.04").exists()
    assert not manageable.filter(region_code="").exists()


def test_national_and_recipient_scopes(banten):
    load_demo_data()
    analyst = User.objects.get(username="analis.ri")
    assert (
        Organisation.objects.visible_to(analyst, "orgs.view").count()
        == Organisation.objects.count()
    )
    officer = User.objects.get(username="bkn.officer")
    assert list(
        Organisation.objects.visible_to(officer, "orgs.view").values_list("name", flat=True)
    ) == ["Badan Kepegawaian Negara (BKN)"]


def test_demo_users_can_sign_in(banten, client, settings):
    load_demo_data()
    response = client.post(
        "/accounts/login/", {"username": "admin.serang", "password": settings.NETRA_DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/organisations/").context["paginator"].count > 6


def test_command_prints_the_logins(banten, capsys):
    call_command("load_demo_data")
    out = capsys.readouterr().out
    for username, *_rest in DEMO_USERS:
        assert username in out


def test_national_administrator_edits_the_rule_catalogue_in_admin(client, db):
    from netra.accounts.demo import load_demo_organisations_and_users as load_demo_data
    from netra.regions.services import import_regions
    from netra.rules.models import DeadlineRule

    import_regions(province="36")
    load_demo_data()
    client.login(request=HttpRequest(), username="admin.ri", password=settings.NETRA_DEMO_PASSWORD)
    rule = DeadlineRule.objects.first()
    assert client.get(f"/admin/rules/deadlinerule/{rule.pk}/change/").status_code == 200
    # Only the catalogue: user administration stays out of reach.
    assert client.get("/admin/accounts/user/").status_code == 403
    client.logout()
    client.login(
        request=HttpRequest(), username="admin.serang", password=settings.NETRA_DEMO_PASSWORD
    )
    assert client.get("/admin/rules/deadlinerule/").status_code == 302  # not staff: to login
