"""pytest fixtures for mocklink (registered through the ``pytest11`` entry point).

``mocklink_server``: one server for the whole test run. Under pytest-xdist the
controller process starts it once and hands its URL to every worker, so all
workers share one server and :func:`mocklink` sessions keep them apart.
``mocklink``: a fresh session per test, deleted afterwards.
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any, Iterator, Optional

import pytest

from ._admin import Admin, Session
from ._server import MockLinkServer

_WORKER_KEY = "mocklink_url"
_shared: Optional[MockLinkServer] = None


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mocklink")
    group.addoption(
        "--mocklink-url",
        default=os.environ.get("MOCKLINK_URL") or None,
        help="use a mocklink server that is already running (default: $MOCKLINK_URL; else start one)",
    )
    group.addoption(
        "--mocklink-scenario",
        default=os.environ.get("MOCKLINK_SCENARIO") or None,
        help="scenario for the server the plugin starts: a bundled name or a file",
    )


def _start(config: pytest.Config) -> MockLinkServer:
    global _shared
    if _shared is None:
        _shared = MockLinkServer(scenario=config.getoption("--mocklink-scenario")).start()
    return _shared


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist controller: one server for every worker, unless one was given."""
    config = node.config
    url = config.getoption("--mocklink-url") or _start(config).url
    node.workerinput[_WORKER_KEY] = url


def pytest_unconfigure(config: pytest.Config) -> None:
    global _shared
    if _shared is not None:
        _shared.stop()
        _shared = None


@pytest.fixture(scope="session")
def mocklink_server(pytestconfig: pytest.Config) -> Iterator[Admin]:
    """The run's mocklink server (its default world's admin helpers)."""
    workerinput = getattr(pytestconfig, "workerinput", None)
    url = (workerinput or {}).get(_WORKER_KEY) or pytestconfig.getoption("--mocklink-url")
    if url:
        yield Admin(url)
    else:
        yield _start(pytestconfig)


def _session_name(nodeid: str, worker: str) -> str:
    """1–64 characters of ``[A-Za-z0-9._-]``, unique per test and worker."""
    digest = hashlib.sha1(nodeid.encode()).hexdigest()[:12]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", nodeid.rsplit("::", 1)[-1])[:32].strip("-.") or "test"
    return f"{worker}-{stem}-{digest}"[:64]


@pytest.fixture
def mocklink(mocklink_server: Admin, request: pytest.FixtureRequest) -> Iterator[Session]:
    """An isolated mocklink world for this test: its own clock, limits,
    credits, journal and faults, on the run's shared server."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    session = Session(mocklink_server.url, _session_name(request.node.nodeid, worker))
    yield session
    session.delete()
