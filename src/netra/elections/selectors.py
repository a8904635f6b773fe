"""Reads of elections, through the scoped manager."""

from django.db.models import QuerySet

from .models import Election


def election_list(*, user, action: str = "view") -> QuerySet[Election]:
    return Election.objects.visible_to(user, action).prefetch_related("stages")


def election_get(*, user, pk: int, action: str = "view") -> Election:
    return election_list(user=user, action=action).get(pk=pk)
