"""The official Python apify-client, unchanged, against mocklink: every flow
of issue 11 as a user writes it, with only the base URL swapped.

Usage: MOCKLINK_URL=http://127.0.0.1:PORT python flows.py  (with the client
version under test installed in that Python). Prints one line per flow,
`PASS name` or `FAIL name: why`; exits 1 on any failure. Works with 3.x (which
returns pydantic models and raises a subclass per status) and 2.x (dicts,
one `ApifyApiError`).
"""

import json
import os
import sys
import traceback
import urllib.request
from importlib.metadata import version

from apify_client import ApifyClient
from apify_client.errors import ApifyApiError

BASE = os.environ["MOCKLINK_URL"]
TOKEN = "apify_api_demo"
ACTOR = "atomus~linkedin-profile-scraper"
VERSION = version("apify-client")
MAJOR = int(VERSION.split(".")[0])
client = ApifyClient(TOKEN, api_url=BASE)
results = []


def urls(n, prefix="py"):
    return [f"https://www.linkedin.com/in/{prefix}-{i}/" for i in range(n)]


def field(obj, camel, snake):
    """A Run/ListPage field: a model attribute (3.x) or a dict key (2.x)."""
    if isinstance(obj, dict):
        return obj[camel]
    return getattr(obj, snake)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


def flow(name):
    def run(fn):
        try:
            fn()
            results.append(f"PASS {name}")
        except Exception as e:  # noqa: BLE001 - every failure is reported
            tb = traceback.format_exception_only(type(e), e)[-1].strip()
            results.append(f"FAIL {name}: {tb}")
        return fn

    return run


def expect_api_error(fn, status, kind, cls3):
    """The call raises ApifyApiError with this status and type; on 3.x the
    subclass the catalog lists for the status."""
    try:
        fn()
    except ApifyApiError as e:
        check(e.status_code == status, f"status_code {e.status_code}, expected {status}")
        check(e.type == kind, f"type {e.type}, expected {kind}")
        check(isinstance(e.message, str) and e.message, "message missing")
        if MAJOR >= 3:
            check(type(e).__name__ == cls3, f"{type(e).__name__}, expected {cls3}")
        return e
    raise AssertionError(f"expected ApifyApiError {status} {kind}, got success")


def journal(query):
    with urllib.request.urlopen(f"{BASE}/__admin/requests?{query}") as r:
        return json.load(r)["requests"]


state = {}


@flow("default call()")
def _():
    run = client.actor(ACTOR).call(run_input={"urls": urls(2)})
    check(field(run, "status", "status") == "SUCCEEDED", f"status {field(run, 'status', 'status')}")
    state["run"] = run


@flow("start() + wait_for_finish()")
def _():
    run = client.actor(ACTOR).start(run_input={"urls": urls(3, "wait")})
    done = client.run(field(run, "id", "id")).wait_for_finish()
    check(field(done, "status", "status") == "SUCCEEDED", f"status {field(done, 'status', 'status')}")


@flow("last_run().dataset().list_items()")
def _():
    page = client.actor(ACTOR).last_run().dataset().list_items()
    check(len(page.items) == 3 and page.total == 3 and page.count == 3, f"{page.total} {page.count}")
    check(page.desc is False and page.offset == 0, f"desc {page.desc} offset {page.offset}")
    check(page.items[0]["url"] == "https://www.linkedin.com/in/wait-0/", page.items[0]["url"])


@flow("iterate_items()")
def _():
    ds = field(state["run"], "defaultDatasetId", "default_dataset_id")
    seen = [item["url"] for item in client.dataset(ds).iterate_items()]
    check(seen == urls(2), f"{seen}")


@flow("get_items_as_bytes(item_format='csv') (downloadItems)")
def _():
    ds = field(state["run"], "defaultDatasetId", "default_dataset_id")
    csv = client.dataset(ds).get_items_as_bytes(item_format="csv").decode("utf-8-sig")
    lines = csv.strip().split("\n")
    check(len(lines) == 3, f"{len(lines)} lines")
    check("url" in lines[0].split(","), lines[0])


@flow("get_record('INPUT')")
def _():
    store = field(state["run"], "defaultKeyValueStoreId", "default_key_value_store_id")
    rec = client.key_value_store(store).get_record("INPUT")
    check(rec is not None and rec["key"] == "INPUT", f"{rec}")
    check(rec["value"] == {"urls": urls(2)}, f"{rec['value']}")
    check(client.key_value_store(store).record_exists("INPUT") is True, "record_exists")


@flow("abort()")
def _():
    run = client.actor(ACTOR).start(run_input={"urls": urls(50, "abort")})
    run_id = field(run, "id", "id")
    aborted = client.run(run_id).abort()
    check(field(aborted, "status", "status") in ("ABORTING", "ABORTED"), f"{field(aborted, 'status', 'status')}")
    done = client.run(run_id).wait_for_finish()
    check(field(done, "status", "status") == "ABORTED", f"status {field(done, 'status', 'status')}")
    items = client.dataset(field(run, "defaultDatasetId", "default_dataset_id")).list_items().items
    check(len(items) < 50, f"{len(items)} items after abort")


@flow("50-URL input (compressed)")
def _():
    run = client.actor(ACTOR).call(run_input={"urls": urls(50, "fifty")})
    check(field(run, "status", "status") == "SUCCEEDED", "not SUCCEEDED")
    page = client.dataset(field(run, "defaultDatasetId", "default_dataset_id")).list_items()
    check(len(page.items) == 50 and page.total == 50, f"{len(page.items)} items")
    starts = [
        e
        for e in journal("provider=apify&limit=1000")
        if e["method"] == "POST" and e["path"].endswith("/runs") and "fifty-49" in json.dumps(e["requestBody"])
    ]
    enc = starts[0]["headers"].get("x-mocklink-content-encoding") if starts else None
    check(enc in ("gzip", "br"), f"the body arrived with content-encoding {enc}")


@flow("error: bad token")
def _():
    bad = ApifyClient("apify_api_wrong", api_url=BASE)
    expect_api_error(lambda: bad.actor(ACTOR).call(run_input={"urls": urls(1)}), 401, "token-not-valid", "UnauthorizedError")


@flow("error: no token")
def _():
    none = ApifyClient(api_url=BASE)
    expect_api_error(lambda: none.actor(ACTOR).start(run_input={"urls": urls(1)}), 401, "token-not-provided", "UnauthorizedError")


@flow("error: unknown actor")
def _():
    expect_api_error(
        lambda: client.actor("nobody~no-such-actor").call(run_input={"urls": urls(1)}), 404, "actor-not-found", "NotFoundError"
    )
    check(client.actor("nobody~no-such-actor").get() is None, "get() of an unknown actor is not None")


@flow("error: bad input")
def _():
    expect_api_error(lambda: client.actor(ACTOR).call(run_input={"urls": []}), 400, "invalid-input", "InvalidRequestError")
    expect_api_error(lambda: client.actor(ACTOR).call(), 400, "invalid-input", "InvalidRequestError")


@flow("error: unknown run")
def _():
    check(client.run("NoSuchRun00000000").get() is None, "get() of an unknown run is not None")
    expect_api_error(lambda: client.run("NoSuchRun00000000").abort(), 404, "record-not-found", "NotFoundError")


print(f"apify-client (Python) {VERSION}")
for r in results:
    print(f"  {r}")
sys.exit(1 if any(r.startswith("FAIL") for r in results) else 0)
