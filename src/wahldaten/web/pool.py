"""Worker processes for validations and conversions, so that the event loop only moves bytes.

One process per core (or `WebSettings.workers`), spawned, each running one job at a time; a
job waits for a free worker (at most `MAX_WAITING` jobs wait, then the server says it is busy),
so ten uploads at once are queued and the upload page still answers. Each job stops itself at
its time limit (see `work`); should a worker not come back within the limit and a grace
period, the request is answered anyway and the job's folder is removed when the worker lets go
of it. A worker that dies (the out-of-memory killer) is replaced with the whole pool.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from wahldaten.core import catalog
from wahldaten.web import work
from wahldaten.web.temp import PrivateFolder

# A worker is replaced after this many jobs: whatever memory a large job left behind is freed.
TASKS_PER_WORKER = 200
MAX_WAITING = 64
# How long after a job's own time limit the server gives up waiting for its worker.
GRACE_SECONDS = 30.0
WARM_SECONDS = 120.0

log = logging.getLogger("wahldaten.web")


def _refused(status: int, code: str, key: str, language: str) -> work.Refused:
    return work.Refused(status, code, catalog.text(key, language))


class Workers:
    def __init__(self, count: int) -> None:
        self.count = count
        self._executor: ProcessPoolExecutor | None = None
        self._slots: asyncio.Semaphore | None = None
        self._waiting = 0
        self._lock = threading.Lock()
        self.ready = False

    def _new_executor(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.count,
            mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=TASKS_PER_WORKER,
        )

    async def start(self) -> None:
        """Start the workers and wait until each has imported the library."""
        self._slots = asyncio.Semaphore(self.count)
        self._executor = self._new_executor()
        warming = [asyncio.wrap_future(self._executor.submit(work.warm)) for _ in range(self.count)]
        await asyncio.wait_for(asyncio.gather(*warming), WARM_SECONDS)
        self.ready = True

    def stop(self) -> None:
        """Stop at once: queued jobs are cancelled, running ones ended (their folders go too)."""
        self.ready = False
        executor, self._executor = self._executor, None
        if executor is None:
            return
        processes = list(executor._processes.values())  # no public way to end running jobs
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(timeout=10)
        executor.shutdown(wait=True)  # the pool's own threads and queues, now that it is empty

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is broken:
                log.warning("a worker process ended unexpectedly; starting new workers")
                self._executor = self._new_executor()
                broken.shutdown(wait=False, cancel_futures=True)

    async def run(
        self,
        function: Callable[[work.Job], work.Outcome],
        job: work.Job,
        folder: PrivateFolder,
    ) -> work.Outcome:
        """Run a job on the folder in a worker; the folder stays until the worker is done."""
        if self._executor is None or self._slots is None:
            return _refused(503, "web.not_ready", "web.error.not_ready", job.language)
        if self._waiting >= MAX_WAITING:
            return _refused(503, "web.busy", "web.error.busy", job.language)
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        loop = asyncio.get_running_loop()
        executor = self._executor
        try:
            future: Future[work.Outcome] = executor.submit(function, job)
        except BaseException:
            self._slots.release()
            raise
        slots = self._slots

        def release(_: object) -> None:
            # The slot is free when the worker is, not when the request was given up.
            if not loop.is_closed():
                loop.call_soon_threadsafe(slots.release)

        future.add_done_callback(release)
        folder.busy_with(future)
        try:
            return await asyncio.wait_for(
                asyncio.wrap_future(future), job.time_limit + GRACE_SECONDS
            )
        except TimeoutError:
            return _refused(503, "web.time_limit", "web.error.time_limit", job.language)
        except BrokenProcessPool:
            self._restart(executor)
            return _refused(503, "web.worker_lost", "web.error.worker_lost", job.language)
