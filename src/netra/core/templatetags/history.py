"""``{% history_rows history as rows %}``: the change history written for the person viewing it."""

from django import template

from netra.core import audit

register = template.Library()


@register.simple_tag(takes_context=True)
def history_rows(context, history):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return audit.history_rows(list(history or []), user=user, obj=getattr(history, "obj", None))
