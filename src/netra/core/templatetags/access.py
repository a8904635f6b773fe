"""``{% may "monitoring.change" as can_import %}``: whether the person viewing the page may take
an action anywhere (``netra.core.scoping.may``), so that a template shows a link or button only
to those the view behind it would let in."""

from django import template

from netra.core.scoping import may as _may

register = template.Library()


@register.simple_tag(takes_context=True)
def may(context, action: str) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return bool(user is not None and user.is_authenticated and _may(user, action))
