//! The default scenario's keys, accounts, tenants and pinned person (SPEC
//! §5), as constants, so tests and examples name them instead of retyping
//! strings. A unit test checks each one against the embedded scenario.

/// ConnectSafely key owning [`CONNECTSAFELY_ACCOUNT`] and
/// [`CONNECTSAFELY_NO_PREMIUM_ACCOUNT`].
pub const CONNECTSAFELY_KEY: &str = "cs_live_demo";
/// Default (Premium) account of [`CONNECTSAFELY_KEY`].
pub const CONNECTSAFELY_ACCOUNT: &str = "696ce9e780e0483585e4e553";
/// Second account of [`CONNECTSAFELY_KEY`], without Premium.
pub const CONNECTSAFELY_NO_PREMIUM_ACCOUNT: &str = "65a1b2c3d4e5f60718293a4b";
/// A second ConnectSafely key, for isolation from the first.
pub const CONNECTSAFELY_OTHER_KEY: &str = "cs_live_other";
/// The (Premium) account of [`CONNECTSAFELY_OTHER_KEY`].
pub const CONNECTSAFELY_OTHER_ACCOUNT: &str = "66b2c3d4e5f60718293a4b5c";

/// Atomus live key of tenant [`ATOMUS_TENANT`] (1,000 credits).
pub const ATOMUS_KEY: &str = "atm_live_demo";
/// A second key of [`ATOMUS_TENANT`], sharing its 4/s limit.
pub const ATOMUS_KEY_2: &str = "atm_live_demo2";
/// Atomus key of tenant [`ATOMUS_LOW_CREDIT_TENANT`] (2 credits).
pub const ATOMUS_LOW_CREDIT_KEY: &str = "atm_live_lowcredit";
/// Atomus test-mode key, never charged.
pub const ATOMUS_TEST_KEY: &str = "atm_test_demo";
pub const ATOMUS_TENANT: &str = "demo";
pub const ATOMUS_LOW_CREDIT_TENANT: &str = "lowcredit";
pub const ATOMUS_TEST_TENANT: &str = "test";

/// Apify token billing [`ATOMUS_TENANT`].
pub const APIFY_TOKEN: &str = "apify_api_demo";
/// The Atomus actor, as Apify clients name it.
pub const APIFY_ACTOR: &str = "atomus~linkedin-profile-scraper";

/// OutX key of a team with the plugin active.
pub const OUTX_KEY: &str = "outx_demo_key";
/// OutX key of a second team with the plugin active.
pub const OUTX_OTHER_KEY: &str = "outx_other_key";
/// OutX key of a team whose plugin was last active 72 h ago.
pub const OUTX_NO_PLUGIN_KEY: &str = "outx_noplugin_key";

/// The pinned person (seed 000's example: Anandi Devi).
pub const PINNED_HANDLE: &str = "anandi-devi";

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| strings(x, out)),
            _ => {}
        }
    }

    // SPEC §5: the constants are the default scenario's own values.
    #[test]
    fn every_default_key_constant_is_in_the_default_scenario() {
        let doc = serde_json::to_value(crate::Scenario::default_scenario()).expect("json");
        let mut all = Vec::new();
        strings(&doc, &mut all);
        for c in [
            CONNECTSAFELY_KEY,
            CONNECTSAFELY_ACCOUNT,
            CONNECTSAFELY_NO_PREMIUM_ACCOUNT,
            CONNECTSAFELY_OTHER_KEY,
            CONNECTSAFELY_OTHER_ACCOUNT,
            ATOMUS_KEY,
            ATOMUS_KEY_2,
            ATOMUS_LOW_CREDIT_KEY,
            ATOMUS_TEST_KEY,
            ATOMUS_TENANT,
            ATOMUS_LOW_CREDIT_TENANT,
            ATOMUS_TEST_TENANT,
            APIFY_TOKEN,
            OUTX_KEY,
            OUTX_OTHER_KEY,
            OUTX_NO_PLUGIN_KEY,
            PINNED_HANDLE,
        ] {
            assert!(
                all.iter().any(|s| s == c),
                "{c} is not in the default scenario"
            );
        }
    }
}
