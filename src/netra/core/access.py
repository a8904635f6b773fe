"""Registry of the endpoints that serve scoped data, for the access matrix (issue #13.2).

Every app declares, in its own ``access.py`` imported from its ``AppConfig.ready``, each URL that
lists, shows, changes, exports or downloads jurisdiction-bound data, with the namespaced action it
needs and the kind of object it serves (a *target* such as ``"case"`` or ``"organisation"``).
URLs that serve nothing scoped (login, language switch, public pages, health) are declared with
:func:`register_unscoped` and a reason.

``core/tests/test_access_matrix.py`` drives one real HTTP request per role × position of the object
(own office, child, sibling, parent region, assigned to the user's body) × registered endpoint and
computes the expected answer from the role table, and a completeness test fails for any URL
pattern that takes an object id (or sits under a module's prefix) and is in neither list. See
``docs/access-matrix.md``.

``core`` knows no app: this module holds only the registry and its types.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KINDS = frozenset({
    "list", "detail", "change", "export", "file", "api_list", "api_detail", "api_change",
})
# Kinds whose answer is a list of objects: the target must appear in it exactly when allowed.
LIST_KINDS = frozenset({"list", "export", "api_list"})


@dataclass(frozen=True)
class Endpoint:
    """One scoped endpoint as the access matrix drives it.

    * ``url_name``: the namespaced URL name (``"cases:case_detail"``, ``"api:get_case"``);
    * ``kind``: one of :data:`KINDS`;
    * ``action``: the namespaced action the endpoint needs (``"cases.change"``);
    * ``target``: the world key of the object it serves (``"case"``, ``"evidence"`` …);
    * ``kwargs``: ``obj -> dict`` for ``reverse`` (lists take none);
    * ``method``: GET, POST, PATCH or PUT; ``data``: ``obj -> dict`` sent with it (JSON for the
      ``api_*`` kinds, form data otherwise); ``query``: a query string (``{"format": "csv"}``);
    * ``roles``: the roles a workflow step names (the action counts only through them);
    * ``ok``: statuses that mean "allowed" (default 200 for GET, 200/201/302 for writes);
    * ``refused``: the status when the user may see the object but not do this (default 404;
      a refused workflow step answers 409 on the case page);
    * ``denied``: the status when the user may not see the object at all (default 404: out of
      scope looks exactly like a missing row);
    * ``effect``: ``obj -> bool`` on the reloaded object, true once the change took place; the
      matrix asserts it is true exactly when the request was allowed;
    * ``view_action``/``view_roles``: what seeing the object needs (default: the target's
      registered view action, see :func:`register_target`);
    * ``label``: tells apart two registrations of one URL (an export of a list).
    """

    url_name: str
    kind: str
    action: str
    target: str
    kwargs: Callable[[Any], dict] | None = None
    method: str = "GET"
    data: Callable[[Any], Any] | None = None
    query: dict | None = None
    roles: frozenset[str] | None = None
    ok: tuple[int, ...] | None = None
    refused: int = 404
    denied: int = 404
    effect: Callable[[Any], bool] | None = None
    view_action: str | None = None
    view_roles: frozenset[str] | None = None
    label: str = ""

    @property
    def key(self) -> str:
        return f"{self.url_name}[{self.label}]" if self.label else self.url_name

    @property
    def is_api(self) -> bool:
        return self.kind.startswith("api_")

    def ok_statuses(self) -> tuple[int, ...]:
        if self.ok is not None:
            return self.ok
        if self.method == "GET":
            return (200,)
        return (200, 201) if self.is_api else (302,)


@dataclass(frozen=True)
class Target:
    """A kind of scoped object: what seeing it needs, and which access comes from assignment.

    ``assigned_actions`` are the actions an object assigned to the user's organisation grants
    beyond geography (a case recommended to BKN: view and respond); ``recipients_only`` limits
    that to memberships of recipient bodies. ``assignment`` names the rule in words for the
    matrix's failure messages and docs.
    """

    name: str
    view_action: str
    view_roles: frozenset[str] | None = None
    assigned_actions: frozenset[str] = frozenset()
    recipients_only: bool = False
    assignment: str = ""
    geographic: bool = True


_endpoints: dict[str, Endpoint] = {}
_unscoped: dict[str, str] = {}
_targets: dict[str, Target] = {}


def register_target(name: str, *, view_action: str, view_roles=None, assigned_actions=(),
                    recipients_only: bool = False, assignment: str = "",
                    geographic: bool = True) -> Target:
    """Declare a kind of scoped object (``"case"``) and its assignment rule; ``"*"`` in
    ``assigned_actions`` means every action the member's role has. ``geographic=False``: no
    access from the region at all (a recipient body's inbox)."""
    target = Target(name, view_action, frozenset(view_roles) if view_roles else None,
                    frozenset(assigned_actions), recipients_only, assignment, geographic)
    _targets[name] = target
    return target


def register_endpoint(url_name: str, *, kind: str, action: str, target: str, **options
                      ) -> Endpoint:
    """Declare a scoped endpoint (see :class:`Endpoint` for the options)."""
    if kind not in KINDS:
        raise ValueError(f"unknown endpoint kind {kind!r} for {url_name} (one of {sorted(KINDS)})")
    if "roles" in options and options["roles"] is not None:
        options["roles"] = frozenset(options["roles"])
    if options.get("view_roles") is not None:
        options["view_roles"] = frozenset(options["view_roles"])
    endpoint = Endpoint(url_name=url_name, kind=kind, action=action, target=target, **options)
    _endpoints[endpoint.key] = endpoint
    return endpoint


def register_unscoped(url_name: str, reason: str) -> None:
    """Declare a URL that serves no scoped data; ``"namespace:*"`` covers a whole namespace."""
    _unscoped[url_name] = reason


def endpoints() -> list[Endpoint]:
    return sorted(_endpoints.values(), key=lambda e: e.key)


def targets() -> dict[str, Target]:
    return dict(_targets)


def unscoped() -> dict[str, str]:
    return dict(_unscoped)


def is_declared(url_name: str) -> bool:
    """Whether ``url_name`` is registered, as an endpoint or as unscoped (or its namespace is)."""
    if url_name in _unscoped or any(e.url_name == url_name for e in _endpoints.values()):
        return True
    namespace = url_name.rpartition(":")[0]
    return bool(namespace) and f"{namespace}:*" in _unscoped


# Core's own pages and the pages of the frameworks it mounts serve nothing scoped.
for _name, _reason in {
    "core:home": "dashboard: each widget reads through its app's scoped selectors",
    "core:healthz": "health check",
    "admin:*": "Django admin: staff permissions of Django itself, superusers only in practice",
    "api:api-root": "API root",
    "api:openapi-json": "the generated OpenAPI document",
    "api:openapi-view": "the API documentation page",
}.items():
    register_unscoped(_name, _reason)
