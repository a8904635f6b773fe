"""Staff logins resist attack (issue #14, point 3; ADR 0005).

Lockouts (django-axes) on the staff login, the admin login and API tokens, per account and per
address; the administrators' unlock page and its audit trail; two-factor authentication
(django-otp) for the roles that need it; password rules in Indonesian.
"""

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from netra.accounts.models import ApiToken, User
from netra.accounts.security import client_ip
from netra.accounts.services import create_api_token
from netra.accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory

LOGIN = reverse("accounts:login")
ADMIN_LOGIN = reverse("admin:login")
CASES = reverse("cases:case_list")
PROFILE = reverse("accounts:profile")
OTP_SETUP = reverse("accounts:otp_setup")
OTP_VERIFY = reverse("accounts:otp_verify")
OTP_MANAGE = reverse("accounts:otp_manage")
LOCKED = reverse("accounts:lockout_list")
API = "/api/v1/organisations/"

ATTACKER = "203.0.113.66"
OFFICE = "198.51.100.10"
LOCKED_TEXT = "Terlalu banyak percobaan masuk yang gagal"


@pytest.fixture(autouse=True)
def _lockout_policy(settings):
    """The shipped policy, stated here so the tests do not depend on the environment."""
    from datetime import timedelta

    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)


def sign_in(client, username, password, address=OFFICE, url=LOGIN):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- Lockout: staff login ---------------------------------------------------------------------


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(client, db):
    UserFactory(username="rina")
    statuses = [sign_in(client, "rina", f"salah-{i}", ATTACKER).status_code for i in range(30)]
    assert statuses[:4] == [200] * 4  # the form's "wrong password" message
    assert set(statuses[4:]) == {429}

    response = sign_in(client, "rina", PASSWORD, ATTACKER)
    assert response.status_code == 429
    assert not signed_in(client)
    html = response.content.decode()
    assert LOCKED_TEXT in html
    assert "30 menit" in html
    assert '<html lang="id">' in html  # the Netra layout, in Indonesian
    assert response["Retry-After"] == "1800"


def test_the_account_stays_locked_from_another_address(client, db):
    UserFactory(username="rina")
    for i in range(5):
        sign_in(client, "rina", "salah", f"203.0.113.{i + 1}")
    response = sign_in(client, "RINA ", PASSWORD, OFFICE)  # case and spaces do not escape it
    assert response.status_code == 429
    assert sign_in(client, "rina", PASSWORD, OFFICE).status_code == 429
    assert not signed_in(client)


def test_an_address_is_locked_across_usernames(client, db):
    UserFactory(username="budi")
    for i in range(5):
        sign_in(client, f"tebakan{i}", "salah", ATTACKER)
    assert sign_in(client, "budi", PASSWORD, ATTACKER).status_code == 429
    assert not signed_in(client)
    # The same account from an address that made no attempts signs in.
    assert sign_in(client, "budi", PASSWORD, OFFICE).status_code == 302
    assert signed_in(client)


def test_lockout_page_follows_the_users_language(client, db):
    for i in range(5):
        sign_in(client, f"x{i}", "salah", ATTACKER)
    response = client.post(
        LOGIN,
        {"username": "x", "password": "y"},
        REMOTE_ADDR=ATTACKER,
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_the_admin_login_is_locked_too(client, db):
    UserFactory(username="staf.admin", is_staff=True, is_superuser=True)
    for _ in range(5):
        sign_in(client, "staf.admin", "salah", ATTACKER, url=ADMIN_LOGIN)
    response = sign_in(client, "staf.admin", PASSWORD, ATTACKER, url=ADMIN_LOGIN)
    assert response.status_code == 429
    assert LOCKED_TEXT in response.content.decode()
    assert not signed_in(client)
    # The lock is the account's, whichever login page is used.
    assert sign_in(client, "staf.admin", PASSWORD, OFFICE).status_code == 429


# --- Lockout: API tokens ----------------------------------------------------------------------


def test_token_guessing_is_locked_per_address(client, db):
    user = UserFactory()
    _token, key = create_api_token(user=user, name="integrasi")
    statuses = [
        client.get(
            API, headers={"Authorization": f"Bearer tebakan-{i}"}, REMOTE_ADDR=ATTACKER
        ).status_code
        for i in range(8)
    ]
    assert statuses[:4] == [401] * 4
    assert set(statuses[4:]) == {429}

    locked = client.get(API, headers={"Authorization": "Bearer tebakan-9"}, REMOTE_ADDR=ATTACKER)
    assert locked.status_code == 429
    assert LOCKED_TEXT in locked.json()["detail"]
    assert locked["Retry-After"] == "1800"
    # Guessing stays locked, but a real token (256 random bits, not guessable) keeps working,
    # so an office sharing the address keeps its integrations; no account was locked either.
    assert (
        client.get(
            API, headers={"Authorization": f"Bearer {key}"}, REMOTE_ADDR=ATTACKER
        ).status_code
        == 200
    )
    assert (
        client.get(
            API, headers={"Authorization": "Bearer tebakan-10"}, REMOTE_ADDR=OFFICE
        ).status_code
        == 401
    )
    assert sign_in(client, user.username, PASSWORD, OFFICE).status_code == 302


def test_token_failures_count_towards_the_address_for_the_login_page(client, db):
    UserFactory(username="budi")
    for i in range(5):
        client.get(API, headers={"Authorization": f"Bearer x{i}"}, REMOTE_ADDR=ATTACKER)
    assert sign_in(client, "budi", PASSWORD, ATTACKER).status_code == 429


# --- Client address behind a proxy --------------------------------------------------------------


def test_the_forwarded_address_is_used_only_behind_trusted_proxies(rf, settings):
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    settings.NETRA_TRUSTED_PROXIES = 0
    assert client_ip(request) == "10.0.0.2"
    settings.NETRA_TRUSTED_PROXIES = 1
    # The right-most entry was written by our proxy; "1.2.3.4" came from the client.
    assert client_ip(request) == "203.0.113.9"
    settings.NETRA_TRUSTED_PROXIES = 3  # fewer entries than proxies: do not trust the header
    assert client_ip(request) == "10.0.0.2"
    garbage = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="bukan-ip")
    settings.NETRA_TRUSTED_PROXIES = 1
    assert client_ip(garbage) == "10.0.0.2"


def test_spoofed_forwarded_headers_do_not_escape_the_lock(client, db, settings):
    settings.NETRA_TRUSTED_PROXIES = 1
    UserFactory(username="rina")
    for i in range(5):
        client.post(
            LOGIN,
            {"username": f"x{i}", "password": "salah"},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, {ATTACKER}",
        )
    response = client.post(
        LOGIN,
        {"username": "rina", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=f"192.0.2.200, {ATTACKER}",
    )
    assert response.status_code == 429


# --- Unlock ---------------------------------------------------------------------------------------


def lock(client, username):
    for _ in range(5):
        sign_in(client, username, "salah", ATTACKER)


def test_office_administrator_unlocks_a_staff_account_and_it_is_audited(client, member, db):
    admin = member("administrator", "36.73")
    rina = member("handling_staff", "36.73.01")
    lock(client, rina.username)
    assert sign_in(client, rina.username, "pw-for-tests-1", OFFICE).status_code == 429

    client.force_login(admin)
    page = client.get(LOCKED)
    assert page.status_code == 200
    assert rina.username in page.content.decode()
    response = client.post(LOCKED, {"username": rina.username})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=rina.username).exists()
    client.logout()

    assert sign_in(client, rina.username, "pw-for-tests-1", OFFICE).status_code == 302
    # One entry per removed record (the attacker's address and the refused try from the office).
    entries = list(
        LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(AccessAttempt))
    )
    assert len(entries) == 2
    for entry in entries:
        assert entry.actor == admin
        assert entry.action == LogEntry.Action.DELETE
        assert entry.additional_data["event"] == "login_unlocked"
        assert entry.changes_dict["username"][0] == rina.username
    assert {e.changes_dict["ip_address"][0] for e in entries} == {ATTACKER, OFFICE}


def test_administrators_unlock_only_their_own_staff(client, member, db):
    other_admin = member("administrator", "36.04")
    rina = member("handling_staff", "36.73")
    lock(client, rina.username)
    client.force_login(other_admin)
    assert rina.username not in client.get(LOCKED).content.decode()
    assert client.post(LOCKED, {"username": rina.username}).status_code == 404
    assert AccessAttempt.objects.filter(username=rina.username).exists()
    assert not LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(AccessAttempt)
    ).exists()


def test_only_national_administrators_unlock_addresses(client, member, db):
    regional = member("administrator", "36.73")
    national = member("administrator", "")
    lock(client, "tebakan")
    client.force_login(regional)
    assert ATTACKER not in client.get(LOCKED).content.decode()
    assert client.post(LOCKED, {"ip_address": ATTACKER}).status_code == 404
    client.force_login(national)
    assert ATTACKER in client.get(LOCKED).content.decode()
    assert client.post(LOCKED, {"ip_address": ATTACKER}).status_code == 302
    assert not AccessAttempt.objects.filter(ip_address=ATTACKER).exists()


def test_staff_without_the_administrator_role_cannot_open_the_unlock_page(client, member, db):
    client.force_login(member("analyst", "36.73"))
    assert client.get(LOCKED).status_code == 404


def test_the_axes_reset_command_is_audited(client, db):
    lock(client, "rina")
    call_command("axes_reset", stdout=None)
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(AccessAttempt))
    assert entry.actor is None
    assert entry.additional_data["event"] == "login_unlocked"


# --- Two-factor authentication -------------------------------------------------------------------


@pytest.fixture
def otp_on(settings):
    settings.NETRA_OTP_REQUIRED = True


@pytest.fixture
def no_otp_delay(settings):
    """django-otp makes a device wait 1, 2, 4 … seconds after each wrong code; a test that
    follows a wrong code with a right one at once turns the wait off."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    """Set up two-factor on the signed-in client's account; returns the device and codes."""
    page = client.get(OTP_SETUP)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user_id=client.session["_auth_user_id"], confirmed=False)
    response = client.post(OTP_SETUP, {"code": current_code(device)})
    assert response.status_code == 200
    codes = list(
        StaticToken.objects.filter(device__user_id=device.user_id).values_list("token", flat=True)
    )
    return device, codes


def test_commissioner_without_two_factor_is_sent_to_set_it_up(client, member, otp_on):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    response = client.get(CASES)
    assert response.status_code == 302
    assert response["Location"] == f"{OTP_SETUP}?next=%2Fcases%2F"
    # Also for the admin site and for API calls on the session.
    assert client.get("/admin/").status_code == 302
    assert client.get(API).status_code == 403


def test_analyst_is_not_asked_for_two_factor(client, member, otp_on):
    client.force_login(member("analyst", "36.73"))
    assert client.get(CASES).status_code == 200


def test_setup_shows_a_qr_code_and_the_secret_then_recovery_codes_once(client, member, otp_on):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    page = client.get(f"{OTP_SETUP}?next=/cases/")
    html = page.content.decode()
    assert "<svg" in html
    assert "otpauth" not in html
    device = TOTPDevice.objects.get(user=commissioner, confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    assert secret[:4] in html

    response = client.post(OTP_SETUP, {"code": current_code(device), "next": "/cases/"})
    html = response.content.decode()
    tokens = list(StaticToken.objects.filter(device__user=commissioner))
    assert len(tokens) == 10
    assert all(t.token in html for t in tokens)
    device.refresh_from_db()
    assert device.confirmed
    # Verified for this session: the cases list opens.
    assert client.get(CASES).status_code == 200
    # The codes are not shown again.
    manage = client.get(OTP_MANAGE).content.decode()
    assert tokens[0].token not in manage
    assert "10 kode pemulihan tersisa" in manage


def test_wrong_codes_are_throttled(client, member, otp_on):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    device, codes = enrol(client)
    client.logout()
    sign_in(client, commissioner.username, "pw-for-tests-1")
    assert client.post(OTP_VERIFY, {"code": "zzzzzzzz"}).status_code == 400
    # Right after a wrong code even a valid recovery code waits for the throttle delay.
    assert client.post(OTP_VERIFY, {"code": codes[0]}).status_code == 400
    assert client.get(CASES).status_code == 302


def test_a_wrong_code_does_not_confirm_the_setup(client, member, otp_on):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    client.get(OTP_SETUP)
    response = client.post(OTP_SETUP, {"code": "000000"})
    assert response.status_code == 400
    assert "Kode salah atau sudah kedaluwarsa." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=commissioner, confirmed=True).exists()
    assert client.get(CASES).status_code == 302


def test_sign_in_asks_for_the_code_and_a_recovery_code_works_once(
    client, member, otp_on, no_otp_delay
):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    _device, codes = enrol(client)
    client.logout()

    assert sign_in(client, commissioner.username, "pw-for-tests-1").status_code == 302
    response = client.get(CASES)
    assert response["Location"] == f"{OTP_VERIFY}?next=%2Fcases%2F"
    assert client.post(OTP_VERIFY, {"code": "salah", "next": "/cases/"}).status_code == 400
    assert client.get(CASES).status_code == 302

    used = codes[0]
    response = client.post(OTP_VERIFY, {"code": used.upper(), "next": "/cases/"})
    assert response.status_code == 302
    assert response["Location"] == "/cases/"
    assert client.get(CASES).status_code == 200
    client.logout()

    sign_in(client, commissioner.username, "pw-for-tests-1")
    assert client.post(OTP_VERIFY, {"code": used, "next": "/cases/"}).status_code == 400
    assert client.get(CASES).status_code == 302
    assert StaticToken.objects.filter(device__user=commissioner).count() == 9


def test_an_enrolled_analyst_must_use_the_code_even_where_not_required(client, member):
    analyst = member("analyst", "36.73")
    client.force_login(analyst)
    enrol(client)
    client.logout()
    sign_in(client, analyst.username, "pw-for-tests-1")
    assert client.get(CASES)["Location"].startswith(OTP_VERIFY)


def test_tokens_are_created_only_from_a_verified_session(client, member, otp_on):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    response = client.post(PROFILE, {"name": "integrasi"})
    assert response.status_code == 302
    assert response["Location"].startswith(OTP_SETUP)
    assert not ApiToken.objects.filter(user=commissioner).exists()
    enrol(client)
    assert client.post(PROFILE, {"name": "integrasi"}).status_code == 200
    assert ApiToken.objects.filter(user=commissioner).count() == 1


def test_api_tokens_are_not_asked_for_a_second_factor(client, member, otp_on):
    commissioner = member("commissioner", "36.73")
    _token, key = create_api_token(user=commissioner, name="integrasi")
    assert client.get(API, headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_turning_off_needs_a_current_code(client, member, otp_on, no_otp_delay):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    _device, codes = enrol(client)
    response = client.post(OTP_MANAGE, {"action": "disable", "code": "123"})
    assert response.status_code == 400
    assert TOTPDevice.objects.filter(user=commissioner).exists()
    response = client.post(OTP_MANAGE, {"action": "disable", "code": codes[0]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=commissioner).exists()
    assert not StaticToken.objects.filter(device__user=commissioner).exists()
    # The role still requires it: back to set-up.
    assert client.get(CASES)["Location"].startswith(OTP_SETUP)


def test_new_recovery_codes_replace_the_old_ones(client, member, otp_on):
    commissioner = member("commissioner", "36.73")
    client.force_login(commissioner)
    _device, old = enrol(client)
    response = client.post(OTP_MANAGE, {"action": "regenerate"})
    new = list(
        StaticToken.objects.filter(device__user=commissioner).values_list("token", flat=True)
    )
    assert len(new) == 10
    assert not set(new) & set(old)
    assert all(code in response.content.decode() for code in new)


def test_enrolment_is_audited_without_the_secret(client, member):
    analyst = member("analyst", "36.73")
    client.force_login(analyst)
    device, _codes = enrol(client)
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(TOTPDevice))
    assert entries.exists()
    assert all(device.key not in str(e.changes) for e in entries)


# --- Password rules -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Pendek-12", "Kata sandi terlalu pendek. Harus mengandung setidaknya 12 karakter."),
        ("qwerty123456", "Kata sandi ini terlalu umum."),
        ("982736451029", "Kata sandi ini seluruhnya terdiri dari angka."),
        ("rina.marlina.1", "Kata sandi terlalu mirip dengan nama pengguna."),
    ],
)
def test_weak_passwords_are_refused_in_indonesian(client, member, password, message):
    admin = member("administrator", "36.73")
    client.force_login(admin)
    response = client.post(
        reverse("accounts:user_create", args=[admin.organisation.pk]),
        {
            "full_name": "Rina Marlina",
            "username": "rina.marlina",
            "email": "rina@bawaslu.example.id",
            "role": "handling_staff",
            "language": "id",
            "password": password,
        },
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not User.objects.filter(username="rina.marlina").exists()


def test_the_demo_password_meets_the_rules(db, settings):
    from django.contrib.auth.password_validation import validate_password

    from netra.accounts.demo import DEMO_USERS

    for username, full_name, _role, _org in DEMO_USERS:
        user = User(username=username, full_name=full_name, email=f"{username}@demo.netra.local")
        validate_password(settings.NETRA_DEMO_PASSWORD, user)


def test_membership_factory_accounts_still_sign_in(client, db):
    membership = MembershipFactory()
    assert sign_in(client, membership.user.username, PASSWORD).status_code == 302
