"""Reads of import jobs: always narrowed to what the user may see."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.http import Http404

from .models import ImportJob
from .registry import importer_classes

if TYPE_CHECKING:
    from django.db.models import Model

    from netra.core.typing import AnyUser


def _visible_q(user: AnyUser) -> Q:
    """Jobs the user started, and jobs whose importer's action the user holds in the job's
    region."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    condition = Q(created_by=user)
    by_action: dict[str, list[str]] = defaultdict(list)
    for key, importer in importer_classes().items():
        by_action[importer.action].append(key)
    for action, keys in by_action.items():
        scoped = ImportJob.objects.visible_to(user, action).filter(importer_key__in=keys)
        condition |= Q(pk__in=scoped.values("pk"))
    return condition


def jobs_for(
    user: AnyUser, *, target: Model | None = None, importer_key: str | None = None
) -> QuerySet[ImportJob]:
    """Import jobs ``user`` may see, newest first, optionally for one ``target`` object and/or
    one importer."""
    qs = ImportJob.objects.filter(_visible_q(user))
    if target is not None:
        qs = qs.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )
    if importer_key:
        qs = qs.filter(importer_key=importer_key)
    return qs.select_related("created_by").order_by("-created_at", "-pk")


def get_job(user: AnyUser, pk: int | str) -> ImportJob:
    """One job the user may see (its creator, or a holder of the importer's action in the job's
    region); anything else is 404, whether or not it exists."""
    try:
        job = ImportJob.objects.select_related("created_by").get(pk=pk)
    except (ImportJob.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    if job.created_by_id == user.pk:
        return job
    importer = importer_classes().get(job.importer_key)
    if (
        importer is None
        or not ImportJob.objects.visible_to(user, importer.action).filter(pk=job.pk).exists()
    ):
        raise Http404
    return job
