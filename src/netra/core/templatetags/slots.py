"""``{% slot "name" obj=... %}``: render the entries apps registered for a slot."""

from django import template

from netra.core.slots import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def slot(context, name: str, **kwargs):
    request = context.get("request")
    return render_slot(name, request, **kwargs)
