"""The access matrix: role × level × position of the object × every registered scoped endpoint,
through real HTTP requests (issue #13.2).

Endpoints come from the registry ``netra.core.access`` (each app's ``access.py``); the world from
``access_world.py``. Every expectation is derived once, in :func:`may_act`, from the role table
(``accounts.roles.ROLE_TABLE``), the geometry of the Kemendagri codes and the target's declared
assignment rule; nothing is written per case. Allowed → the endpoint's success status (200,
201, 302) and, for a change, the change took place; denied → 404 (out of scope looks exactly
like a missing row), with none of the object's text in the answer, and nothing changed.

``test_every_scoped_url_is_registered`` fails for any URL pattern that takes an object id (or
belongs to one of the modules) and is neither registered nor declared unscoped.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from netra.accounts.roles import ROLE_TABLE
from netra.core import access
from netra.core.scoping import region_within

from .access_world import LEVELS, POSITIONS, Home, Placed, World, build_world

ROLES = [str(role) for role in ROLE_TABLE]
# Every test is marked, so that the test database exists for the module-wide world even when
# only the completeness tests are selected.
pytestmark = pytest.mark.django_db

# Modules being built while the matrix landed (issues #16-#20 and the imports app): their
# unregistered URLs are listed as a warning instead of failing. The lead removes a module from
# this set once its ``access.py`` registers its endpoints.
PENDING_MODULES: set[str] = set()
# The modules on top of case handling: every URL of theirs (web or API) must be declared, with
# an object id or not.
MODULE_APPS = {"knowledge", "portal", "monitoring", "prevention", "questionnaires", "risk",
               "imports"}


# --- The expectation, written once ------------------------------------------------------------


def may_act(role: str, home: Home, placed: Placed, target: access.Target, action: str,
            roles: frozenset[str] | None) -> bool:
    """Whether a member with ``role`` in ``home`` may perform ``action`` on ``placed``:

    * the role's row in the table grants the action (and, for a workflow step, the step names
      the role), and
    * either geography: a supervisory office's role covers its region's subtree (national =
      everything), or assignment: the object is assigned to the member's organisation and the
      target's rule lets assignment grant this action (for some targets, to recipient bodies
      only).
    """
    spec = ROLE_TABLE[role]
    if action not in spec.actions or (roles is not None and role not in roles):
        return False
    if (target.geographic and spec.geographic and home.supervisory
            and region_within(placed.region_code, home.region_code)):
        return True
    grants = "*" in target.assigned_actions or action in target.assigned_actions
    return (grants and home.key in placed.assigned_to
            and not (target.recipients_only and home.supervisory))


def expectation(endpoint: access.Endpoint, role: str, home: Home, placed: Placed) -> tuple:
    """(status, allowed) for one request on one object."""
    target = access.targets()[endpoint.target]
    view_action = endpoint.view_action or target.view_action
    view_roles = endpoint.view_roles or target.view_roles
    sees = may_act(role, home, placed, target, view_action, view_roles)
    does = sees and may_act(role, home, placed, target, endpoint.action, endpoint.roles)
    if does:
        return endpoint.ok_statuses(), True
    return ((endpoint.refused,) if sees else (endpoint.denied,)), False


# --- The world, built once per test module ------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    """Built once inside an outer transaction; each test runs in a savepoint rolled back after
    it (pytest-django's ``db``), and the whole world is rolled back at the end of the module."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("access-matrix"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            # One session per user for the whole module: logging in again for each of the
            # thousands of requests would cost more than most of the requests themselves.
            for key, user in built.users.items():
                login = Client()
                login.force_login(user)
                built.sessions[key] = login.cookies[settings.SESSION_COOKIE_NAME].value
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()


def _request(client, endpoint: access.Endpoint, placed: Placed | None):
    obj = placed.fresh() if placed else None
    url = reverse(endpoint.url_name, kwargs=endpoint.kwargs(obj) if endpoint.kwargs else None)
    data = endpoint.data(obj) if endpoint.data else None
    if endpoint.method == "GET":
        return client.get(url, endpoint.query or {})
    if endpoint.query:
        url += "?" + "&".join(f"{k}={v}" for k, v in endpoint.query.items())
    send = getattr(client, endpoint.method.lower())
    if endpoint.is_api or endpoint.method in {"PATCH", "PUT"}:
        return send(url, json.dumps(data or {}), content_type="application/json")
    return send(url, data or {})


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _cases(kinds: set[str], per_position: bool):
    for endpoint in access.endpoints():
        if endpoint.kind not in kinds:
            continue
        for role in ROLES:
            for level in LEVELS:
                positions = POSITIONS if per_position else [None]
                for position in positions:
                    parts = [endpoint.key, role, level] + ([position] if position else [])
                    yield pytest.param(endpoint, role, level, position, id="-".join(parts))


OBJECT_KINDS = access.KINDS - access.LIST_KINDS


@pytest.mark.parametrize(("endpoint", "role", "level", "position"),
                         list(_cases(OBJECT_KINDS, per_position=True)))
def test_object_endpoint(db, client, world, endpoint, role, level, position):
    """One request on one object: detail, change, file download and their API forms."""
    home = world.user_home[(role, level)]
    placed = world.place(endpoint.target, position, home)
    assert placed is not None, (
        f"access_world.py places no {endpoint.target!r} at {position!r}: add one to build_world()")
    statuses, allowed = expectation(endpoint, role, home, placed)
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[(role, level)]

    response = _request(client, endpoint, placed)
    body = _body(response)

    assert response.status_code in statuses, (
        f"{endpoint.method} {endpoint.key} as {role} ({level}, {home.key}) on the {position} "
        f"{endpoint.target}: expected {statuses}, got {response.status_code}"
    )
    if not allowed and response.status_code in (403, 404):
        assert placed.private_text.encode() not in body
        if placed.content:
            assert placed.content not in body
    if allowed and endpoint.kind == "file":
        assert body == placed.content
    if endpoint.effect is not None:
        assert endpoint.effect(placed.fresh()) is allowed, (
            f"{endpoint.key} as {role} ({level}) on the {position} {endpoint.target}: the change "
            f"{'did not take' if allowed else 'took'} place"
        )


@pytest.mark.parametrize(("endpoint", "role", "level", "position"),
                         list(_cases(set(access.LIST_KINDS), per_position=False)))
def test_list_endpoint(db, client, world, endpoint, role, level, position):
    """One request per user on a list, export or API list: the answer is the endpoint's success
    when the role has the action anywhere, and each position's object is in it exactly when
    the user may act on it there."""
    home = world.user_home[(role, level)]
    target = access.targets()[endpoint.target]
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[(role, level)]

    response = _request(client, endpoint, None)
    body = _body(response)

    if endpoint.action not in ROLE_TABLE[role].actions:
        assert response.status_code == endpoint.denied
        if endpoint.denied != 200:
            return
    else:
        assert response.status_code in endpoint.ok_statuses()
    for position in POSITIONS:
        placed = world.place(endpoint.target, position, home)
        shown = may_act(role, home, placed, target, endpoint.action, endpoint.roles)
        assert (placed.marker.encode() in body) is shown, (
            f"{endpoint.key} as {role} ({level}, {home.key}): the {position} {endpoint.target} "
            f"should {'' if shown else 'not '}be listed"
        )


# --- Completeness ---------------------------------------------------------------------------------


def _patterns(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern


def _api_modules() -> dict[str, str]:
    """API URL name → module of the operation's function (ninja wraps them all alike)."""
    from netra.api.urls import api

    found = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                name = getattr(operation, "url_name", "") or operation.view_func.__name__
                found[f"api:{name}"] = operation.view_func.__module__
    return found


def _app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "netra" else ""


def _needs_declaration(route: str, app: str) -> bool:
    return "<" in route or "(?P" in route or app in MODULE_APPS


def test_every_scoped_url_is_registered():
    api_modules = _api_modules()
    missing, pending = [], []
    for route, name, pattern in _patterns(get_resolver().url_patterns):
        module = api_modules.get(name) or getattr(pattern.callback, "__module__", "")
        app = _app_of(module) or route.split("/", 1)[0]
        if not _needs_declaration(route, app) or (name and access.is_declared(name)):
            continue
        line = (
            f"  {route!r} (name {name or '(none)'!r}, view in {module}): add to "
            f"src/netra/{app}/access.py register_endpoint({name!r}, kind=..., action=..., "
            f"target=...) or register_unscoped({name!r}, reason), and import that module from "
            f"the app's AppConfig.ready (docs/access-matrix.md)"
        )
        (pending if app in PENDING_MODULES else missing).append(line)
    if pending:
        import warnings

        warnings.warn("URLs of modules still pending in the access matrix:\n" + "\n".join(pending),
                      stacklevel=1)
    assert not missing, "URLs that serve scoped data but are not registered:\n" + "\n".join(
        missing)


def test_registrations_name_real_urls_and_known_targets():
    names = {name for _route, name, _p in _patterns(get_resolver().url_patterns)}
    targets = access.targets()
    for endpoint in access.endpoints():
        assert endpoint.url_name in names, f"{endpoint.key} is registered but no URL has the name"
        assert endpoint.target in targets, (
            f"{endpoint.key} serves target {endpoint.target!r}, which no app declares with "
            f"register_target()")
    for name in access.unscoped():
        if not name.endswith(":*"):
            assert name in names, f"{name} is declared unscoped but no URL has the name"


def test_world_places_every_target(world):
    used = {endpoint.target for endpoint in access.endpoints()}
    assert used <= world.targets(), (
        f"access_world.py places no {sorted(used - world.targets())}: add one object per "
        f"position to build_world()")


def test_matrix_size():
    """Keep the count visible: the matrix is thousands of requests (see docs/access-matrix.md)."""
    objects = len(list(_cases(OBJECT_KINDS, per_position=True)))
    lists = len(list(_cases(set(access.LIST_KINDS), per_position=False)))
    assert objects > 1000
    assert lists > 50
