"""Starting and stopping the ``mocklink`` executable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path
from typing import IO, List, Optional, Sequence, Union

from ._admin import Admin, Session

_PREFIX = "mocklink listening on "


def find_binary() -> str:
    """The ``mocklink`` executable: ``MOCKLINK_BIN``, else the one installed
    beside this package (the interpreter's scripts folder), else ``PATH``."""
    explicit = os.environ.get("MOCKLINK_BIN")
    if explicit:
        return explicit
    name = "mocklink.exe" if sys.platform == "win32" else "mocklink"
    for folder in (sysconfig.get_path("scripts"), os.path.dirname(sys.executable)):
        candidate = Path(folder) / name
        if candidate.is_file():
            return str(candidate)
    found = shutil.which("mocklink")
    if found:
        return found
    raise FileNotFoundError("no mocklink executable: install the package, or set MOCKLINK_BIN")


class MockLinkServer(Admin):
    """One mocklink process on a free loopback port; admin helpers act on its
    default world, :meth:`session` gives isolated ones.

    >>> with MockLinkServer(scenario="tight-limits") as server:
    ...     server.session("worker-1").connectsafely_url
    """

    def __init__(
        self,
        scenario: Union[str, os.PathLike, None] = None,
        binary: Optional[str] = None,
        args: Sequence[str] = (),
        start_timeout: float = 30.0,
    ) -> None:
        super().__init__("http://127.0.0.1:0")
        self.binary = binary or find_binary()
        self.scenario_arg = None if scenario is None else os.fspath(scenario)
        self.args = list(args)
        self.start_timeout = start_timeout
        self.process: Optional[subprocess.Popen[str]] = None

    def start(self) -> "MockLinkServer":
        if self.process is not None:
            return self
        cmd: List[str] = [self.binary, "--host", "127.0.0.1", "--port", "0"]
        if self.scenario_arg is not None:
            cmd += ["--scenario", self.scenario_arg]
        cmd += self.args
        self.process = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        line = self._first_line(self.process.stdout)
        if not line.startswith(_PREFIX):
            err = self.process.stderr.read() if self.process.stderr else ""
            self.stop()
            raise RuntimeError(f"mocklink did not start ({' '.join(cmd)}): {line or err}".strip())
        self.url = line[len(_PREFIX):].strip()
        # Keep draining stdout so the server never blocks on a full pipe.
        threading.Thread(target=self._drain, args=(self.process.stdout,), daemon=True).start()
        return self

    def _first_line(self, stream: Optional[IO[str]]) -> str:
        if stream is None:
            return ""
        result: List[str] = []
        reader = threading.Thread(target=lambda: result.append(stream.readline()), daemon=True)
        reader.start()
        reader.join(self.start_timeout)
        return result[0] if result else ""

    @staticmethod
    def _drain(stream: Optional[IO[str]]) -> None:
        if stream is not None:
            for _ in stream:
                pass

    def stop(self) -> None:
        """Stops the server (SIGTERM: in-flight requests are served first)."""
        process, self.process = self.process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def session(self, name: str) -> Session:
        """An isolated world on this server (created on its first request)."""
        return Session(self.url, name, self.timeout)

    def __enter__(self) -> "MockLinkServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
