"""Drive a local mocklink server from Python.

mocklink stands in for the ConnectSafely, Atomus (and its Apify actor) and OutX
LinkedIn-data APIs. This package starts the ``mocklink`` executable installed
beside it, and wraps mocklink's admin API (clock, reset, scenario, journal,
faults) for the server's default world and for isolated sessions. The pytest
fixtures live in :mod:`mocklink.pytest_plugin`.
"""

from ._admin import Admin, MockLinkError, Session
from ._server import MockLinkServer, find_binary

__all__ = ["Admin", "MockLinkError", "MockLinkServer", "Session", "find_binary"]
