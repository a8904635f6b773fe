"""An administrator removes a staff member's lost second factor (phone and recovery codes
lost): only for staff they administer in every office, with a reason, audited; the staff member
enrols again at the next sign-in."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts import twofactor
from netra.accounts.models import Membership

pytestmark = pytest.mark.django_db

REASON = "Telepon hilang; identitas dicek langsung di kantor dengan KTP."


def _enrol(user):
    TOTPDevice.objects.create(user=user, name=twofactor.TOTP_NAME, confirmed=True)
    static = StaticDevice.objects.create(user=user, name=twofactor.RECOVERY_NAME, confirmed=True)
    static.token_set.create(token="abcd1234")


@pytest.fixture
def admin(member):
    return member("administrator", "36.73")


@pytest.fixture
def staff(member, admin):
    user = member("handling_staff", org=admin.organisation)
    _enrol(user)
    return user


def _url(user):
    return reverse("accounts:otp_reset", args=[user.memberships.get().pk])


def test_the_staff_list_shows_who_has_a_second_factor_and_offers_the_reset(client, admin, staff,
                                                                          member):
    other = member("handling_staff", org=admin.organisation)  # not enrolled
    client.force_login(admin)
    page = client.get(reverse("accounts:membership_list")).content.decode()
    assert _url(staff) in page
    assert _url(other) not in page


def test_reset_removes_both_devices_and_audits_the_reason(client, admin, staff):
    client.force_login(admin)
    assert client.get(_url(staff)).status_code == 200
    response = client.post(_url(staff), {"reason": REASON})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    entry = LogEntry.objects.get(additional_data__event="second_factor_reset")
    assert entry.object_pk == str(staff.pk)
    assert entry.actor == admin
    assert entry.additional_data["reason"] == REASON
    # The device removals are in the trail too, without secrets.
    assert LogEntry.objects.filter(action=LogEntry.Action.DELETE,
                                   content_type__model="totpdevice").exists()


def test_a_reason_is_required(client, admin, staff):
    client.force_login(admin)
    response = client.post(_url(staff), {"reason": "hilang"})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_nothing_to_reset_is_explained(client, admin, member):
    plain = member("handling_staff", org=admin.organisation)
    client.force_login(admin)
    page = client.get(_url(plain))
    assert page.status_code == 200
    assert 'name="reason"' not in page.content.decode()  # no form, an explanation instead
    response = client.post(_url(plain), {"reason": REASON})
    assert response.status_code == 400


@pytest.mark.parametrize("role", ["handling_staff", "prevention_staff", "commissioner"])
def test_only_administrators_reset(client, member, admin, staff, role):
    client.force_login(member(role, org=admin.organisation))
    assert client.post(_url(staff), {"reason": REASON}).status_code == 404
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_an_administrator_of_another_regency_cannot(client, member, staff):
    client.force_login(member("administrator", "36.04"))
    assert client.post(_url(staff), {"reason": REASON}).status_code == 404
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_not_someone_who_also_serves_in_an_office_one_does_not_administer(
        client, admin, staff, org_factory):
    Membership.objects.create(user=staff, organisation=org_factory("36"), role="commissioner")
    client.force_login(admin)
    url = reverse("accounts:otp_reset",
                  args=[staff.memberships.get(organisation=admin.organisation).pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="reason"' not in page.content.decode()
    assert client.post(url, {"reason": REASON}).status_code == 404
    assert TOTPDevice.objects.filter(user=staff).exists()


def test_not_ones_own(admin):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    _enrol(admin)
    with translation.override("en"), pytest.raises(ValidationError, match="two-factor page"):
        twofactor.reset_by_administrator(actor=admin, user=admin, reason=REASON)
    assert TOTPDevice.objects.filter(user=admin).exists()
