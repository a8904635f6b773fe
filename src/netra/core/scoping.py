"""Jurisdiction scoping: the one mechanism every list, detail, export, API and task uses.

``Model.objects.visible_to(user, action="cases.view")`` returns what the user may see or do:

* geographic access: for each active membership in a supervisory organisation (Bawaslu,
  Panwascam, PKD) whose role allows ``action`` (and is geographic), the subtree of the
  organisation's region, i.e. ``region_code`` starting with the organisation's code; a
  national organisation (empty code) covers everything;
* assignment access: what is routed to the user's organisations, declared by the model's queryset
  in :meth:`ScopedQuerySet.assigned_q` (e.g. a case recommended to BKN).

Nothing else filters querysets by user. Object views fetch through this, so an object outside
the scope answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from django.db import models
from django.db.models import Q

from . import lookups  # noqa: F401  (registers __subtree)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser, AnonymousUser


@dataclass(frozen=True)
class Grant:
    """One active membership as scoping sees it: where, which role, and what the role allows.

    ``actions`` and ``geographic`` come from the role table (``accounts.roles``), resolved by the
    registered grant loader, so that ``core`` needs no knowledge of roles.
    """

    organisation_id: int
    region_code: str
    role: str
    # False for memberships in recipient bodies (BKPSDM, KPU, ...): even their administrators
    # act only on their own organisation and on what is assigned to it, never on a region.
    supervisory: bool = True
    actions: frozenset[str] = frozenset()
    geographic: bool = True

    def allows(self, action: str) -> bool:
        return action in self.actions


GrantLoader = Callable[[Any], list[Grant]]
_grant_loader: GrantLoader | None = None


def register_grant_loader(loader: GrantLoader) -> None:
    """The app that owns memberships (``accounts``) tells scoping how to load a user's grants."""
    global _grant_loader
    _grant_loader = loader


@dataclass
class Scope:
    """A user's active memberships, loaded once per user object."""

    grants: list[Grant] = field(default_factory=list)
    superuser: bool = False

    def prefixes(self, action: str, roles: frozenset[str] | None = None) -> list[str]:
        """Region prefixes where the user may perform ``action``, with nested ones collapsed.

        ``roles`` further limits the memberships considered (a workflow step names its roles).
        """
        found = sorted(
            {
                g.region_code
                for g in self.grants
                if g.supervisory
                and g.geographic
                and g.allows(action)
                and (roles is None or g.role in roles)
            },
            key=len,
        )
        kept: list[str] = []
        for prefix in found:
            if not any(_within(prefix, k) for k in kept):
                kept.append(prefix)
        return kept

    def organisation_ids(
        self,
        action: str,
        roles: frozenset[str] | None = None,
        *,
        recipients_only: bool = False,
    ) -> list[int]:
        """Organisations whose membership allows ``action`` (for assignment-based access).

        ``recipients_only`` keeps memberships of recipient bodies only: a supervisory office
        already sees its cases through its region, and an extra ``OR EXISTS(...)`` for it would
        keep the database from using the region index (measured in bench/bench_cases.py).
        """
        return sorted(
            {
                g.organisation_id
                for g in self.grants
                if g.allows(action)
                and (roles is None or g.role in roles)
                and not (recipients_only and g.supervisory)
            }
        )

    def is_national(self, action: str) -> bool:
        return self.superuser or "" in self.prefixes(action)


def _within(code: str, prefix: str) -> bool:
    return prefix == "" or code == prefix or code.startswith(prefix + ".")


def region_within(code: str, prefix: str) -> bool:
    """True when region ``code`` lies in the subtree of ``prefix`` (empty prefix = national)."""
    return _within(code, prefix)


def subtree_q(prefix: str, field_name: str = "region_code") -> Q:
    """Rows whose region lies in the subtree of ``prefix``.

    Kemendagri codes have fixed-width segments, so a plain prefix match is exact; the
    ``__subtree`` lookup (``core.lookups``) makes it an index seek on PostgreSQL and SQLite.
    """
    if prefix == "":
        return Q()
    return Q(**{f"{field_name}__subtree": prefix})


def get_scope(user: AbstractUser | AnonymousUser | None) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_netra_scope", None)
    if cached is not None:
        return cached
    if _grant_loader is None:
        raise RuntimeError("no grant loader registered (is netra.accounts installed?)")
    scope = Scope(grants=_grant_loader(user), superuser=user.is_superuser)
    user._netra_scope = scope  # type: ignore[attr-defined]  # per-user-object cache of the scope
    return scope


def reset_scope(user) -> None:
    """Forget the cached scope after memberships change."""
    if hasattr(user, "_netra_scope"):
        del user._netra_scope


_M = TypeVar("_M", bound=models.Model, covariant=True)


class ScopedQuerySet(models.QuerySet[_M]):
    """QuerySet with :meth:`visible_to`. Subclass and override :meth:`assigned_q` when access
    also comes from assignment rather than geography."""

    region_field = "region_code"

    def assigned_q(
        self, scope: Scope, action: str, roles: frozenset[str] | None = None
    ) -> Q | None:
        """Rows assigned to the user's organisations (none by default)."""
        return None

    def hidden_q(self, user) -> Q | None:
        """Rows this particular user must never see, whatever their role (e.g. a declared
        conflict of interest). None by default."""
        return None

    def visible_to(
        self, user, action: str, roles: frozenset[str] | None = None
    ) -> Self:
        """Rows ``user`` may see or act on with ``action``; ``roles`` narrows the memberships
        that count (a workflow step allowed to commissioners only)."""
        qs = self._visible_to(user, action, roles)
        hidden = self.hidden_q(user)
        return qs.exclude(hidden) if hidden is not None else qs

    def _visible_to(self, user, action, roles) -> Self:
        scope = get_scope(user)
        if scope.superuser:
            return self.all()
        prefixes = scope.prefixes(action, roles)
        if "" in prefixes:
            return self.all()
        condition: Q | None = None
        for prefix in prefixes:
            part = subtree_q(prefix, self.region_field)
            condition = part if condition is None else condition | part
        assigned = self.assigned_q(scope, action, roles)
        if assigned is not None:
            condition = assigned if condition is None else condition | assigned
        if condition is None:
            return self.none()
        return self.filter(condition)


class ChildScopedQuerySet(ScopedQuerySet[_M]):
    """Rows without a region of their own (evidence, documents, recommendations, reporters …),
    scoped through their parent, declared once as ``parent_field``: the parent's geography,
    assignment and conflict-of-interest rules apply unchanged, with the same ``roles``.

    Declare with ``objects = ChildScopedQuerySet.scoped_by("case")``.
    """

    parent_field: str = ""

    @classmethod
    def scoped_by(cls, parent_field: str) -> ChildScopedManager[Any]:
        """A manager whose queryset is scoped through ``parent_field``."""
        queryset_class: type[ChildScopedQuerySet] = type(
            f"{cls.__name__}By{parent_field.title()}", (cls,),
            {"parent_field": parent_field, "__module__": cls.__module__},
        )
        return queryset_class.as_manager()

    def visible_to(
        self, user, action: str, roles: frozenset[str] | None = None
    ) -> Self:
        parent_model = cast(
            "type[models.Model]", self.model._meta.get_field(self.parent_field).related_model
        )
        # The parent is a scoped model (its manager has ``visible_to``).
        parents = cast("ScopedManager[Any]", parent_model._default_manager).visible_to(
            user, action, roles
        )
        return self.filter(**{f"{self.parent_field}__in": parents.values("pk")})


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)
ChildScopedManager = models.Manager.from_queryset(ChildScopedQuerySet)


def may(user, action: str) -> bool:
    """Whether ``user`` may perform ``action`` anywhere (to show or hide a button or export)."""
    scope = get_scope(user)
    return scope.superuser or bool(scope.prefixes(action) or scope.organisation_ids(action))


def may_in_region(user, action: str, region_code: str) -> bool:
    """Whether ``user`` may perform ``action`` on a record located at ``region_code`` (e.g. to
    create one there): the region lies in a subtree the user's memberships grant."""
    scope = get_scope(user)
    return scope.superuser or any(region_within(region_code, p) for p in scope.prefixes(action))


def can(user, action: str, obj: models.Model, roles: frozenset[str] | None = None) -> bool:
    """The one object check: whether ``user`` may perform ``action`` on ``obj`` (optionally only
    through memberships with one of ``roles``, as a workflow step names them). The same query as
    every list, so a page, an API call and a list can never disagree; child rows are checked
    through their parent (:class:`ChildScopedQuerySet`)."""
    # Every model checked here is scoped (ScopedModel or a ChildScopedQuerySet manager).
    manager = cast("ScopedManager[Any]", type(obj)._default_manager)
    return manager.visible_to(user, action, roles).filter(pk=obj.pk).exists()
