"""The private folder of one request: made for its upload, removed once its work is done.

Made with mode 0700 under the system's temporary folder (or `WebSettings.temp_root`), with a
folder each for the data files, the metadata files and the conversion's output. It is removed
when the response is ready, also after an error or a client that went away; when a worker is
still reading it (a request given up at the time limit), as soon as that worker lets go of it,
so that nothing it writes outlives the folder.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

PREFIX = "wahldaten-web-"
log = logging.getLogger("wahldaten.web")


class PrivateFolder:
    def __init__(self, root: Path | None = None) -> None:
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=root))
        self.path.chmod(0o700)
        self.inputs = self._sub("in")
        self.meta = self._sub("meta")
        self.output = self._sub("out")
        self._busy: Future[Any] | None = None
        self._lock = threading.Lock()
        self._closed = False

    def _sub(self, name: str) -> Path:
        folder = self.path / name
        folder.mkdir(mode=0o700)
        return folder

    def busy_with(self, future: Future[Any]) -> None:
        """A worker is using the folder until `future` is done."""
        self._busy = future

    def close(self) -> None:
        """Remove the folder now, or when its worker is done with it. Safe to call twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        busy = self._busy
        if busy is not None and not busy.done():
            busy.add_done_callback(lambda _: self._remove())
        else:
            self._remove()

    def _remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self.path.exists():  # our own name only, never a name or byte of the upload
            log.warning("temporary folder %s could not be removed completely", self.path)

    def __enter__(self) -> PrivateFolder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
