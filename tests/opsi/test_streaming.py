import asyncio
import threading
import warnings

from django.http import StreamingHttpResponse
from django.test import AsyncRequestFactory, RequestFactory

from opsi.streaming import iterate_async, streaming_content


def rows(made: list, threads: set, closed: list):
    try:
        for n in range(250):
            made.append(n)
            threads.add(threading.get_ident())
            yield f"{n}\n"
    finally:
        closed.append(True)


def test_a_wsgi_request_streams_the_iterator_itself():
    iterator = iter(["a", "b"])
    assert streaming_content(RequestFactory().get("/"), iterator) is iterator


def test_an_asgi_request_streams_every_item_without_buffering_or_warning():
    made, threads, closed = [], set(), []
    request = AsyncRequestFactory().get("/")
    response = StreamingHttpResponse(streaming_content(request, rows(made, threads, closed)))
    assert response.is_async

    async def first_then_rest():
        parts = response.__aiter__()
        first = await anext(parts)
        made_at_first = len(made)
        return first, made_at_first, [first] + [part async for part in parts]

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django warns when it must buffer an iterator
        first, made_at_first, body = asyncio.run(first_then_rest())
    assert first == "".join(f"{n}\n" for n in range(200)).encode()  # one chunk a batch
    assert made_at_first == 200
    assert b"".join(body) == "".join(f"{n}\n" for n in range(250)).encode()
    assert closed == [True]
    assert threading.get_ident() not in threads  # made off the event loop's thread


def test_a_client_that_goes_away_closes_the_iterator():
    made, threads, closed = [], set(), []

    async def read_one():
        parts = iterate_async(rows(made, threads, closed), batch=10)
        assert await anext(parts) == "".join(f"{n}\n" for n in range(10))
        await parts.aclose()

    asyncio.run(read_one())
    assert closed == [True]
    assert len(made) == 10


def test_bytes_and_text_items_are_joined_into_bytes():
    async def read():
        return [chunk async for chunk in iterate_async([b"a", "b", b"c"], batch=2)]

    assert asyncio.run(read()) == [b"ab", b"c"]
