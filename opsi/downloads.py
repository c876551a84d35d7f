"""Serving a file that was built on disk: Content-Length, a strong ETag, one byte Range,
and a HEAD that reads nothing.

The response holds no database connection while the client reads: the view closes its
thread's connections before returning (`release_connections`), and under ASGI the file
is read a block at a time in the default thread pool, not in the request's thread, so a
client that stops reading holds a file descriptor and a coroutine, nothing else.
"""

import asyncio
import os
import re
from collections.abc import AsyncIterator, Iterator
from typing import BinaryIO

from django.core.handlers.asgi import ASGIRequest
from django.db import connections
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

BLOCK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def release_connections() -> None:
    """Close (or give back to the pool) this thread's database connections, unless one
    is inside a transaction: what follows is only the sending of a file."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def _byte_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end inclusive) of a single `bytes=` range, None when there is none (or
    several: the whole file is sent), False when it cannot be satisfied."""
    match = _RANGE.match(header.strip()) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # the last N bytes
        length = int(last)
        if length == 0:
            return False
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return False
    return start, end


def _sync_blocks(file: BinaryIO, length: int) -> Iterator[bytes]:
    try:
        while length > 0 and (block := file.read(min(BLOCK, length))):
            length -= len(block)
            yield block
    finally:
        file.close()


async def _async_blocks(file: BinaryIO, length: int) -> AsyncIterator[bytes]:
    try:
        while length > 0 and (block := await asyncio.to_thread(file.read, min(BLOCK, length))):
            length -= len(block)
            yield block
    finally:
        file.close()


def file_etag(path: str | os.PathLike) -> str:
    stat = os.stat(path)
    return f'"{stat.st_ino:x}-{stat.st_size:x}-{stat.st_mtime_ns:x}"'


def serve(
    request: HttpRequest,
    file: BinaryIO,
    *,
    content_type: str,
    filename: str,
    etag: str | None = None,
) -> HttpResponse:
    """`file` (open, binary, seekable; closed when sent) as an attachment."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    headers = {
        "Content-Type": content_type,
        "Content-Disposition": content_disposition_header(True, filename),
        "Accept-Ranges": "bytes",
    }
    if etag:
        headers["ETag"] = etag
        if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
            file.close()
            release_connections()
            return HttpResponse(status=304, headers={"ETag": etag})
    status, start, length = 200, 0, size
    wanted = _byte_range(request.headers.get("Range", ""), size)
    if wanted is not None and request.headers.get("If-Range", etag) != etag:
        wanted = None  # the client's copy is of another version: send it whole
    if wanted is False:
        file.close()
        release_connections()
        return HttpResponse(status=416, headers={"Content-Range": f"bytes */{size}"})
    if wanted:
        status, start, length = 206, wanted[0], wanted[1] - wanted[0] + 1
        headers["Content-Range"] = f"bytes {wanted[0]}-{wanted[1]}/{size}"
    headers["Content-Length"] = str(length)
    release_connections()
    if request.method == "HEAD":
        file.close()
        return HttpResponse(status=status, headers=headers)
    file.seek(start)
    if isinstance(request, ASGIRequest):
        body = _async_blocks(file, length)
    else:
        body = _sync_blocks(file, length)
    return StreamingHttpResponse(body, status=status, headers=headers)
