from .navigation import nav_for
from .slots import header_context


def netra(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"netra_nav": nav_for(request), **header_context(request)}
