"""Seed 001's Python example, run against mocklink.

The code is the seed's own; only the base URL (MOCKLINK_BASE_URL, default
http://127.0.0.1:8080) and the key (ATOMUS_API_KEY, default mocklink's
atm_live_demo) differ. Needs `requests` (`.ci/contract` installs it).
Prints the profile's full name.
"""

import os

import requests

BASE_URL = os.environ.get("MOCKLINK_BASE_URL", "http://127.0.0.1:8080").rstrip("/")
YOUR_API_KEY = os.environ.get("ATOMUS_API_KEY", "atm_live_demo")

res = requests.post(
    f"{BASE_URL}/v1/linkedin-profile-enrichment/enrich",
    headers={
        "Authorization": f"Bearer {YOUR_API_KEY}",
        "Content-Type": "application/json",
    },
    json={"url": "https://www.linkedin.com/in/example-1"},
    timeout=10,
)

if not res.ok:
    err = res.json()["error"]
    raise RuntimeError(f"{err['code']}: {err['message']}")

data = res.json()["data"]
if data["status"] == "success":
    print(data["profile"]["full_name"])
elif data["status"] == "not_found":
    print("profile not found")
else:
    print(data["code"], data["message"])
