// Seed 001's JavaScript example, run against mocklink (Node 18+, global fetch).
// Only the base URL (MOCKLINK_BASE_URL, default http://127.0.0.1:8080) and the
// key (ATOMUS_API_KEY, default mocklink's atm_live_demo) differ from the seed.
// Prints the profile's full name.

const BASE_URL = (process.env.MOCKLINK_BASE_URL ?? "http://127.0.0.1:8080").replace(/\/+$/, "");
const API_KEY = process.env.ATOMUS_API_KEY ?? "atm_live_demo";

const res = await fetch(
  `${BASE_URL}/v1/linkedin-profile-enrichment/enrich`,
  {
    method: "POST",
    headers: {
      "Authorization": `Bearer ${API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({
      url: "https://www.linkedin.com/in/example-1",
    }),
  });

if (!res.ok) {
  const { error } = await res.json();
  throw new Error(`${error.code}: ${error.message}`);
}

const { data, meta } = await res.json();
if (data.status === "success") console.log(data.profile.full_name);
else if (data.status === "not_found") console.log("profile not found");
else console.error(data.code, data.message);
