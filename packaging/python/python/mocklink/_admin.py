"""The admin API of one world: the server's default world or a session.

Only the standard library is used, so installing the plugin never changes the
HTTP stack of the project under test.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Union

JSON = Any


class MockLinkError(RuntimeError):
    """mocklink answered an admin call with an error status."""

    def __init__(self, status: int, body: str, url: str) -> None:
        super().__init__(f"mocklink answered {status} to {url}: {body}")
        self.status = status
        self.body = body
        self.url = url


def _iso(when: Union[str, datetime]) -> str:
    if isinstance(when, str):
        return when
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


class Admin:
    """Base URLs and admin helpers for one world, rooted at ``url``."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.timeout = timeout
        # A session's journal shows paths as its client sent them, prefix
        # included; `journal(path=…)` takes them relative to this world.
        self._path_prefix = ""

    # Base URLs, one per provider: point a client's base URL option here.
    @property
    def connectsafely_url(self) -> str:
        """ConnectSafely's base URL (its paths start at ``/linkedin``)."""
        return self.url + "/linkedin"

    @property
    def atomus_url(self) -> str:
        return self.url

    @property
    def apify_url(self) -> str:
        return self.url

    @property
    def outx_url(self) -> str:
        return self.url

    def request(self, method: str, path: str, body: Optional[JSON] = None) -> JSON:
        """One JSON call to this world; raises :class:`MockLinkError` on >= 400."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                text = resp.read().decode()
        except urllib.error.HTTPError as err:
            raise MockLinkError(err.code, err.read().decode(errors="replace"), req.full_url) from None
        return json.loads(text) if text else None

    # Clock
    def clock(self) -> Dict[str, Any]:
        """``{"now": ISO, "frozen": bool}``."""
        return self.request("GET", "/__admin/clock")

    def advance(self, seconds: float) -> Dict[str, Any]:
        """Moves the clock forward (never backwards): how a test crosses a reset."""
        return self.request("POST", "/__admin/clock", {"advanceSeconds": seconds})

    def set_clock(self, when: Union[str, datetime], freeze: Optional[bool] = None) -> Dict[str, Any]:
        body: Dict[str, Any] = {"set": _iso(when)}
        if freeze is not None:
            body["freeze"] = freeze
        return self.request("POST", "/__admin/clock", body)

    def freeze(self, frozen: bool = True) -> Dict[str, Any]:
        return self.request("POST", "/__admin/clock", {"freeze": frozen})

    # State
    def reset(self) -> None:
        """Every counter, cache, credit, task, run, fault, the journal and the clock back to the start."""
        self.request("POST", "/__admin/reset")

    def scenario(self) -> Dict[str, Any]:
        return self.request("GET", "/__admin/scenario")

    def put_scenario(self, document: Dict[str, Any]) -> Dict[str, Any]:
        """Replaces the scenario (and resets). A document overlays ``default``
        unless it says ``"extends"``: ``{"extends": "tight-limits"}``."""
        return self.request("PUT", "/__admin/scenario", document)

    # Journal
    def journal(
        self,
        provider: Optional[str] = None,
        method: Optional[str] = None,
        path: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> List[Dict[str, Any]]:
        """Requests this world served, oldest first, filtered by provider,
        method (case-insensitive) and exact path."""
        query = {k: v for k, v in {"provider": provider, "limit": limit}.items() if v is not None}
        suffix = "?" + urllib.parse.urlencode(query) if query else ""
        entries: List[Dict[str, Any]] = self.request("GET", "/__admin/requests" + suffix)["requests"]
        if method is not None:
            entries = [e for e in entries if e.get("method", "").upper() == method.upper()]
        if path is not None:
            wanted = {path, self._path_prefix + path}
            entries = [e for e in entries if e.get("path") in wanted]
        return entries

    def clear_journal(self) -> None:
        self.request("DELETE", "/__admin/requests")

    # Faults
    def inject_fault(
        self,
        provider: str,
        status: int,
        path: Optional[str] = None,
        times: Optional[int] = None,
        probability: Optional[float] = None,
        latency_ms: Optional[int] = None,
    ) -> JSON:
        """Queues a fault: the provider's own error body for ``status``."""
        body: Dict[str, Any] = {"provider": provider, "status": status}
        for key, value in (("path", path), ("times", times), ("probability", probability), ("latencyMs", latency_ms)):
            if value is not None:
                body[key] = value
        return self.request("POST", "/__admin/faults", body)

    def faults(self) -> JSON:
        return self.request("GET", "/__admin/faults")

    def clear_faults(self) -> None:
        self.request("DELETE", "/__admin/faults")


class Session(Admin):
    """An isolated world on a shared server: ``/__session/<name>/…``."""

    def __init__(self, server_url: str, name: str, timeout: float = 30.0) -> None:
        self.server_url = server_url.rstrip("/")
        self.name = name
        super().__init__(f"{self.server_url}/__session/{urllib.parse.quote(name, safe='')}", timeout)
        self._path_prefix = "/__session/" + name

    def delete(self) -> None:
        """Drops the session on the server (a later request would create it anew)."""
        try:
            Admin(self.server_url, self.timeout).request(
                "DELETE", "/__admin/sessions/" + urllib.parse.quote(self.name, safe="")
            )
        except MockLinkError as err:
            if err.status != 404:
                raise
