"""Where pages are built: a child process at a lower scheduling priority, or a thread.

The server's event loop must never do CPU work that a request can make costly (search, 404 suggestions, the first
render of a page). `RenderProcess` does it in one child process, talked to over a socket pair: the loop writes a
request and reads the finished response without any thread of its own, so the render work never competes with the
loop for the interpreter lock, and the operating system runs the loop first when both want a core. Requests are
served one at a time, so a flood of costly requests queues here instead of taking CPU from the rest of the site.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import pickle
import socket
import struct
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection

NICENESS = 19
TIMEOUT = 30.0  # seconds for one page; far above any real one, so only a stuck process reaches it
_HEADER = struct.Struct("!i")  # the framing of multiprocessing.connection.Connection.send_bytes
_log = logging.getLogger("sipcodes.web")


def run_job(base_url: str, job: str, args: tuple):
    """One piece of work: ("page", (path, query_string)) → (response, cacheable); ("api", (kind, key)) → JSON;
    ("explain", (kind, lang, content_type, body)) → (status, body) of an uploaded trace (see `explain`)."""
    if job == "page":
        from .app import build_response

        return build_response(base_url, *args)
    if job == "api":
        from .api import api_body

        return api_body(*args)
    if job == "explain":
        from .explain import explain_job

        return explain_job(base_url, *args)
    raise ValueError(f"no render job {job!r}")


def _serve_renders(conn: Connection, base_url: str) -> None:
    """The child process: do each requested job until the parent goes away."""
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    run_job(base_url, "page", ("/", b""))  # load the catalog and templates before the first real request
    while True:
        try:
            job, args = pickle.loads(conn.recv_bytes())
        except (EOFError, OSError):
            return
        try:
            result = run_job(base_url, job, args)
        except Exception:  # answered as a 500 by the parent; the process keeps serving
            # an upload's content is never logged, only that it failed
            logging.getLogger("sipcodes.web").exception("error in %s %r", job,
                                                        "(an upload)" if job == "explain" else str(args)[:200])
            result = None
        conn.send_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))


class RenderFailed(Exception):
    """The page could not be built (a bug, or a render process that stopped or hung)."""


class RenderProcess:
    """One child process building responses; `await build(path, query_string)` from the event loop."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self._lock: asyncio.Lock | None = None
        self._process = None
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        self._parent: Connection | None = None
        self._start()

    def _start(self) -> None:
        parent, child = multiprocessing.Pipe(duplex=True)
        context = multiprocessing.get_context("spawn")  # never fork a process that runs an event loop
        self._process = context.Process(target=_serve_renders, args=(child, self.base_url), daemon=True,
                                        name="sipcodes-render")
        self._process.start()
        child.close()
        self._parent, self._streams = parent, None

    def _stop(self) -> None:
        if self._streams is not None:
            self._streams[1].close()
        if self._process is not None and self._process.is_alive():
            self._process.kill()
        self._streams = None

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._streams is None:
            sock = socket.socket(fileno=os.dup(self._parent.fileno()))
            self._parent.close()
            self._streams = await asyncio.open_connection(sock=sock)
        return self._streams

    async def _exchange(self, job: str, args: tuple):
        reader, writer = await self._connect()
        data = pickle.dumps((job, args))
        writer.write(_HEADER.pack(len(data)) + data)
        await writer.drain()
        (size,) = _HEADER.unpack(await reader.readexactly(_HEADER.size))
        return pickle.loads(await reader.readexactly(size))

    async def run(self, job: str, *args, attempts: int = 2):
        """The result of `run_job(job, args)`, done in the child process; tried again in a new process when the
        first one stopped or hung, up to `attempts` times."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            for attempt in range(1, attempts + 1):
                try:
                    result = await asyncio.wait_for(self._exchange(job, args), TIMEOUT)
                    break
                except (asyncio.IncompleteReadError, ConnectionError, asyncio.TimeoutError, OSError):
                    _log.error("the render process stopped or hung; starting a new one")
                    self._stop()
                    self._start()
                    if attempt == attempts:
                        raise RenderFailed(job) from None
        if result is None:
            raise RenderFailed(job)
        return result


class RenderThread:
    """The same interface on one thread beside the loop (for embedding the app and for in-process tests)."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        # one thread: pages share caches that are filled as they render
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sipcodes-render")

    async def run(self, job: str, *args, attempts: int = 1):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, run_job, self.base_url, job, args)
