"""The pytest plugin's fixtures, used as a team's test suite would use them.

Run: ``pytest packaging/python/tests`` and ``pytest -n 2 packaging/python/tests``
(the ``isolation`` tests collide on a shared world without sessions).
"""

import json
import urllib.error
import urllib.request

import pytest

import mocklink as ml

CS_KEY = "cs_live_demo"
CS_ACCOUNT = "696ce9e780e0483585e4e553"


def post(url, body, headers):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST")
    req.add_header("Content-Type", "application/json")
    for k, v in headers.items():
        req.add_header(k, v)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.headers, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, json.loads(err.read() or b"null")


def profile(session, handle):
    return post(
        session.connectsafely_url + "/profile",
        {"profileId": handle},
        {"Authorization": "Bearer " + CS_KEY},
    )


def test_server_fixture_serves_every_provider(mocklink_server):
    health = mocklink_server.request("GET", "/__admin/health")
    assert health["status"] == "ok"
    assert health["providers"] == ["connectsafely", "atomus", "apify", "outx"]


def test_session_urls_carry_the_session_prefix(mocklink):
    assert mocklink.url.endswith("/__session/" + mocklink.name)
    assert mocklink.connectsafely_url == mocklink.url + "/linkedin"
    status, _, body = profile(mocklink, "john-doe-123")
    assert status == 200, body
    assert body["profile"]["firstName"] == "John"


def test_clock_helpers_move_only_this_sessions_clock(mocklink, mocklink_server):
    before = mocklink_server.clock()["now"]
    mocklink.set_clock("2024-01-15T10:00:00Z", freeze=True)
    assert mocklink.clock() == {"now": "2024-01-15T10:00:00.000Z", "frozen": True}
    assert mocklink.advance(3600)["now"] == "2024-01-15T11:00:00.000Z"
    assert mocklink_server.clock()["now"][:4] == before[:4] != "2024"


def test_daily_limit_resets_when_the_clock_crosses_midnight(mocklink):
    mocklink.put_scenario({"connectsafely": {"limits": {"profilesPerDay": 2}}})
    mocklink.set_clock("2024-01-15T22:00:00Z", freeze=True)
    assert [profile(mocklink, f"p-{i}")[0] for i in range(3)] == [200, 200, 429]
    mocklink.advance(3 * 3600)
    assert profile(mocklink, "p-3")[0] == 200


def test_journal_filters_by_provider_method_and_path(mocklink):
    profile(mocklink, "a-b")
    post(mocklink.outx_url + "/linkedin-agent/fetch-profile", {"profile_slug": "a-b"}, {"x-api-key": "outx_demo_key"})
    cs = mocklink.journal(provider="connectsafely")
    assert [(e["method"], e["status"]) for e in cs] == [("POST", 200)]
    assert len(mocklink.journal(method="post")) == 2
    assert [e["provider"] for e in mocklink.journal(path="/linkedin-agent/fetch-profile")] == ["outx"]
    assert "cs_live_demo" not in json.dumps(cs), "keys are masked in the journal"
    mocklink.clear_journal()
    assert mocklink.journal() == []


def test_injected_fault_answers_in_the_providers_shape(mocklink):
    mocklink.inject_fault("atomus", 502, times=1)
    url = mocklink.atomus_url + "/v1/linkedin-profile-enrichment/enrich"
    headers = {"Authorization": "Bearer atm_live_demo"}
    status, _, body = post(url, {"url": "https://www.linkedin.com/in/example-1"}, headers)
    assert (status, body["error"]["code"], body["error"]["retryable"]) == (502, "upstream_error", True)
    assert post(url, {"url": "https://www.linkedin.com/in/example-1"}, headers)[0] == 200


def test_bad_admin_call_raises_with_status_and_body(mocklink):
    with pytest.raises(ml.MockLinkError) as err:
        mocklink.advance(-5)
    assert err.value.status == 400


# The two tests below share handles, an account and a server. On one world
# they collide: whichever runs second sees the other's requests in the
# journal and 2 more profiles used today. Sessions keep each to its own.
@pytest.mark.parametrize("worker_test", ["first", "second"])
def test_isolation_each_test_sees_only_its_own_usage(mocklink, worker_test):
    mocklink.set_clock("2024-01-15T10:00:00Z", freeze=True)
    for handle in ("shared-one", "shared-two"):
        status, headers, _ = profile(mocklink, handle)
        assert status == 200
    assert headers.get("X-RateLimit-Used") == "2"
    assert len(mocklink.journal(provider="connectsafely")) == 2


def test_server_class_starts_and_stops_the_binary():
    with ml.MockLinkServer() as server:
        assert server.request("GET", "/__admin/health")["status"] == "ok"
        process = server.process
    assert process is not None and process.poll() is not None
