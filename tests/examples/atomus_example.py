"""Seed 001's Python example, run against mocklink.

Only the base URL (from MOCKLINK_BASE_URL, default http://127.0.0.1:8080) and
the key (ATOMUS_API_KEY, default mocklink's atm_live_demo) differ from the
seed; `requests` is swapped for the standard library's urllib so the script
needs no install. Prints the profile's full name.
"""

import json
import os
import urllib.error
import urllib.request

BASE_URL = os.environ.get("MOCKLINK_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
API_KEY = os.environ.get("ATOMUS_API_KEY", "atm_live_demo")

req = urllib.request.Request(
    f"{BASE_URL}/v1/linkedin-profile-enrichment/enrich",
    headers={
        "Authorization": f"Bearer {API_KEY}",
        "Content-Type": "application/json",
    },
    data=json.dumps({"url": "https://www.linkedin.com/in/example-1"}).encode(),
    method="POST",
)
try:
    with urllib.request.urlopen(req, timeout=10) as res:
        body = json.load(res)
except urllib.error.HTTPError as e:
    err = json.load(e)["error"]
    raise RuntimeError(f"{err['code']}: {err['message']}")

data = body["data"]
if data["status"] == "success":
    print(data["profile"]["full_name"])
elif data["status"] == "not_found":
    print("profile not found")
else:
    print(data["code"], data["message"])
