"""Cross-origin reads: any site may read the API from a browser (it is public data)."""

from functools import wraps

from django.http import HttpResponse, JsonResponse

ALLOWED = "GET, HEAD, OPTIONS"


def open_to_all(view):
    """Allow any origin to GET the view; answer a CORS preflight (OPTIONS) itself, and a
    HEAD as its GET without the body."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED
            response["Access-Control-Allow-Methods"] = ALLOWED
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
        elif request.method == "HEAD":
            request.method = "GET"
            response = view(request, *args, **kwargs)
            request.method = "HEAD"
            response.content = b""
        else:
            response = view(request, *args, **kwargs)
        if response.status_code == 405:  # the API is read-only: say so in JSON
            allow = response.get("Allow", "GET")
            detail = f"Method not allowed; the API is read-only ({allow})."
            response = JsonResponse({"detail": detail, "parameter": None}, status=405)
            response["Allow"] = allow
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        return response

    return wrapped
