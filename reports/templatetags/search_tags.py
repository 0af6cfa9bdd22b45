"""Template helpers of the search page: links that change one parameter of the current search."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def search_url(context, **changes) -> str:
    """The current search with some parameters replaced; a None value removes one.

    Any change other than the page itself sends the reader back to page 1.
    """
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = str(value)
    return "?" + params.urlencode() if params else "?"
