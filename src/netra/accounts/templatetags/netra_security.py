"""``{% may_unlock_signins user as flag %}``: whether to link to the unlock page."""

from django import template

register = template.Library()


@register.simple_tag
def may_unlock_signins(user) -> bool:
    from netra.accounts.lockouts import may_unlock

    return bool(user.is_authenticated and may_unlock(user))
