from django import template
from django.http import QueryDict

register = template.Library()


@register.filter
def api_query(query: str) -> str:
    """A search page's query string for the API: without empty fields (the page's form
    sends them; the API refuses an empty year or sort) and without the page."""
    params = QueryDict(query, mutable=True)
    for key in list(params):
        values = [v for v in params.getlist(key) if v]
        if values and key != "page":
            params.setlist(key, values)
        else:
            del params[key]
    return params.urlencode()
