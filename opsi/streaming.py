"""Streaming a response made by synchronous code, under ASGI as well as WSGI.

Under ASGI, Django cannot stream a synchronous iterator: it reads it whole into a list
first (with a warning), so a full CSV export sits in the worker's memory and the client
gets nothing until the last row is made. `streaming_content(request, rows)` gives what
a `StreamingHttpResponse` should carry: the iterator itself under WSGI, and under ASGI
an asynchronous iterator that makes `batch` items at a time in the request's own thread
(where its database connection is) and hands them to the event loop joined into one
chunk, which it sends as the client reads. One chunk per item (a CSV row) kept the
event loop so busy sending that other requests waited (bench/slow.py (h)).
"""

from collections.abc import AsyncIterator, Iterable
from itertools import islice

from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest


def streaming_content(request: HttpRequest, iterable: Iterable, batch: int = 200):
    """`iterable` (of str or bytes) for a WSGI request, an async iterator over it for an
    ASGI one."""
    if isinstance(request, ASGIRequest):
        return iterate_async(iterable, batch)
    return iterable


async def iterate_async(iterable: Iterable, batch: int = 200) -> AsyncIterator:
    """The str or bytes items of a synchronous iterable, made `batch` at a time by
    sync_to_async (thread-sensitive: the request's thread) and joined into one chunk;
    closes the iterable at the end or when the client goes away."""
    iterator = iter(iterable)
    take = sync_to_async(lambda: list(islice(iterator, batch)))
    try:
        while items := await take():
            yield join(items)
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            await sync_to_async(close)()


def join(items: list) -> str | bytes:
    if all(isinstance(item, str) for item in items):
        return "".join(items)
    return b"".join(item.encode() if isinstance(item, str) else bytes(item) for item in items)
