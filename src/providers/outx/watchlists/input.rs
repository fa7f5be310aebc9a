//! Checking watchlist bodies (outx.md §4): the two create modes, patch and
//! prompt updates, labels, keyword rules and `fetchFreqInHours`, each failure
//! OutX's own 400 text. Pure: a JSON object in, checked values or the error
//! out; nothing here knows which team asks or what exists.

use serde_json::{Map, Value};

use super::{KeywordRule, Label};
use crate::providers::outx::error::{bad, OutxError};
use crate::providers::outx::input::{company_slug, member_id};

/// `fetchFreqInHours` values OutX accepts (outx.md §2.4).
pub const FREQUENCIES: [u64; 7] = [1, 3, 6, 12, 24, 48, 72];
/// Keywords one watchlist may track (mocklink's bound; OutX's per plan is open).
pub const MAX_KEYWORDS: usize = 100;
/// Profiles or companies one watchlist may track (mocklink's bound).
pub const MAX_TARGETS: usize = 500;
/// Longest keyword, name, description, prompt or label text kept.
pub const MAX_TEXT: usize = 2_000;
/// Labels one watchlist may have (mocklink's bound).
pub const MAX_LABELS: usize = 50;
/// Labels shown in the feed by default, at most (extras are set to false).
pub const MAX_DEFAULT_LABELS: usize = 2;

pub const KEYWORDS_REQUIRED: &str = "keywords array is required and must not be empty";
pub const NO_VALID_KEYWORDS: &str = "No valid keywords provided after cleaning";
pub const INVALID_FREQ: &str = "Invalid fetchFreqInHours";
pub const PROMPT_REQUIRED: &str = "prompt is required and must be a non-empty string";
pub const MISSING_ID: &str = "Missing required parameter: id";
pub const NAME_EMPTY: &str = "Name cannot be empty";
pub const NO_UPDATE_FIELDS: &str = "No valid update fields provided";
pub const DISABLE_BOOL: &str = "disable must be a boolean value";
pub const BOTH_MODES: &str = "Provide either keywords or prompt, not both";
pub const PATCH_AND_PROMPT: &str =
    "Provide either patch fields (name, fetchFreqInHours, disable, slack_webhook_url, keywords, labels) or prompt, not both";

/// The body as an object; anything else reads as an empty one, so the
/// missing-field message names what is missing.
pub fn object(body: &[u8]) -> Map<String, Value> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => m,
        _ => Map::new(),
    }
}

fn too_long(what: &str) -> OutxError {
    bad(format!("{what} is too long (max {MAX_TEXT} characters)"))
}

/// A trimmed, non-empty string of at most [`MAX_TEXT`] characters.
fn text(v: &Value, what: &str) -> Result<Option<String>, OutxError> {
    match v.as_str().map(str::trim) {
        Some("") | None => Ok(None),
        Some(s) if s.chars().count() > MAX_TEXT => Err(too_long(what)),
        Some(s) => Ok(Some(s.to_string())),
    }
}

/// `fetchFreqInHours`, when present: a number among [`FREQUENCIES`].
pub fn frequency(m: &Map<String, Value>) -> Result<Option<u64>, OutxError> {
    match m.get("fetchFreqInHours") {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            let n = v
                .as_u64()
                .or_else(|| v.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as u64))
                .filter(|n| FREQUENCIES.contains(n))
                .ok_or_else(|| bad(INVALID_FREQ))?;
            Ok(Some(n))
        }
    }
}

/// An optional free-text field (`name`, `description`, `objective`).
pub fn optional_text(m: &Map<String, Value>, key: &str) -> Result<Option<String>, OutxError> {
    match m.get(key) {
        None => Ok(None),
        Some(v) => text(v, key),
    }
}

/// A list of strings (`required_keywords`, `excluded_keywords`), tolerating
/// a single string; other items are dropped.
fn words(v: Option<&Value>) -> Vec<String> {
    let list: Vec<&Value> = match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(v @ Value::String(_)) => vec![v],
        _ => Vec::new(),
    };
    list.into_iter()
        .filter_map(|w| w.as_str())
        .map(str::trim)
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_TEXT).collect())
        .take(MAX_KEYWORDS)
        .collect()
}

/// `keywords`: strings or `{keyword, required_keywords, excluded_keywords
/// (alias exclude_keywords), include_all_required}` objects. Blank and
/// duplicate (case-insensitive) keywords are cleaned away.
pub fn keyword_rules(v: &Value) -> Result<Vec<KeywordRule>, OutxError> {
    let items = match v {
        Value::Array(a) if !a.is_empty() => a,
        _ => return Err(bad(KEYWORDS_REQUIRED)),
    };
    if items.len() > MAX_KEYWORDS {
        return Err(bad(format!("Too many keywords (max {MAX_KEYWORDS})")));
    }
    let mut rules: Vec<KeywordRule> = Vec::new();
    for item in items {
        let rule = match item {
            Value::String(_) => text(item, "keyword")?.map(KeywordRule::plain),
            Value::Object(o) => match o.get("keyword") {
                Some(k) => text(k, "keyword")?.map(|keyword| KeywordRule {
                    keyword,
                    required_keywords: words(o.get("required_keywords")),
                    excluded_keywords: words(
                        o.get("excluded_keywords")
                            .or_else(|| o.get("exclude_keywords")),
                    ),
                    include_all_required: o
                        .get("include_all_required")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                }),
                None => None,
            },
            _ => None,
        };
        if let Some(rule) = rule {
            let lower = rule.keyword.to_lowercase();
            if !rules.iter().any(|r| r.keyword.to_lowercase() == lower) {
                rules.push(rule);
            }
        }
    }
    if rules.is_empty() {
        return Err(bad(NO_VALID_KEYWORDS));
    }
    Ok(rules)
}

/// `labels`: names or `{name | key, description, default}`; at most
/// [`MAX_DEFAULT_LABELS`] stay `default: true`, in the order given.
pub fn labels(v: &Value) -> Result<Vec<Label>, OutxError> {
    let Value::Array(items) = v else {
        return Err(bad("labels must be an array"));
    };
    if items.len() > MAX_LABELS {
        return Err(bad(format!("Too many labels (max {MAX_LABELS})")));
    }
    let mut out: Vec<Label> = Vec::new();
    for item in items {
        let label = match item {
            Value::String(_) => text(item, "label")?.map(|key| Label {
                key,
                description: None,
                default: false,
            }),
            Value::Object(o) => {
                let name = o.get("name").or_else(|| o.get("key"));
                match name {
                    Some(n) => text(n, "label")?.map(|key| Label {
                        key,
                        description: o
                            .get("description")
                            .and_then(Value::as_str)
                            .map(|d| d.chars().take(MAX_TEXT).collect()),
                        default: o.get("default").and_then(Value::as_bool).unwrap_or(false),
                    }),
                    None => None,
                }
            }
            _ => None,
        };
        if let Some(l) = label {
            if !out.iter().any(|o| o.key.eq_ignore_ascii_case(&l.key)) {
                out.push(l);
            }
        }
    }
    let mut defaults = 0;
    for l in &mut out {
        if l.default {
            defaults += 1;
            l.default = defaults <= MAX_DEFAULT_LABELS;
        }
    }
    Ok(out)
}

/// `prompt` as a non-empty string.
pub fn prompt(v: Option<&Value>) -> Result<String, OutxError> {
    match v.and_then(Value::as_str).map(str::trim) {
        Some(p) if !p.is_empty() => {
            if p.chars().count() > MAX_TEXT {
                Err(too_long("prompt"))
            } else {
                Ok(p.to_string())
            }
        }
        _ => Err(bad(PROMPT_REQUIRED)),
    }
}

/// What a people or company watchlist tracks, as its create body names it:
/// the field, its two 400 texts, and how one item reduces to an id.
pub struct Targets {
    pub field: &'static str,
    pub required: &'static str,
    pub none_valid: &'static str,
    pub id_of: fn(&str) -> Option<String>,
}

/// People watchlists: profile URLs or public ids.
pub const PROFILES: Targets = Targets {
    field: "profiles",
    required: "profiles array is required and must not be empty",
    none_valid: "No valid profile identifiers provided",
    id_of: member_id,
};

/// Company watchlists: company page URLs or slugs.
pub const COMPANIES: Targets = Targets {
    field: "companies",
    required: "companies array is required and must not be empty",
    none_valid: "No valid company identifiers provided",
    id_of: company_slug,
};

/// The ids `t` names in the body: URLs or public ids reduced to the id,
/// blank and duplicate ones dropped, items that are no identifier skipped.
pub fn targets(m: &Map<String, Value>, t: &Targets) -> Result<Vec<String>, OutxError> {
    let items = match m.get(t.field) {
        Some(Value::Array(a)) if !a.is_empty() => a,
        _ => return Err(bad(t.required)),
    };
    if items.len() > MAX_TARGETS {
        return Err(bad(format!("Too many entries (max {MAX_TARGETS})")));
    }
    let mut out: Vec<String> = Vec::new();
    for item in items {
        if let Some(id) = item.as_str().and_then(|s| (t.id_of)(s.trim())) {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&id)) {
                out.push(id);
            }
        }
    }
    if out.is_empty() {
        return Err(bad(t.none_valid));
    }
    Ok(out)
}

/// The watchlist id of a DELETE or GET: `?id=` first, else the JSON body's
/// `id` (the MCP server sends it in the body, the docs in the query).
pub fn id_from(query: &str, body: &[u8]) -> Option<String> {
    let from_query = actix_web::web::Query::<Vec<(String, String)>>::from_query(query)
        .ok()
        .and_then(|q| {
            q.into_inner()
                .into_iter()
                .find(|(k, _)| k == "id")
                .map(|(_, v)| v.trim().to_string())
        })
        .filter(|v| !v.is_empty());
    from_query.or_else(|| {
        object(body)
            .get("id")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    })
}

/// A boolean field, when present.
pub fn flag(m: &Map<String, Value>, key: &str, message: &str) -> Result<Option<bool>, OutxError> {
    match m.get(key) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(bad(message.to_string())),
    }
}

/// `slack_webhook_url` when present: a string sets it, null clears it.
pub fn webhook(m: &Map<String, Value>) -> Result<Option<Option<String>>, OutxError> {
    match m.get("slack_webhook_url") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(Value::String(s)) if s.chars().count() <= MAX_TEXT => Ok(Some(Some(s.trim().into()))),
        Some(_) => Err(bad("slack_webhook_url must be a string or null")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn frequencies_outside_the_list_are_invalid() {
        for ok in [1, 3, 6, 12, 24, 48, 72] {
            let m = object(json!({ "fetchFreqInHours": ok }).to_string().as_bytes());
            assert_eq!(frequency(&m), Ok(Some(ok)));
        }
        for badv in [
            json!(2),
            json!(0),
            json!(-1),
            json!(12.5),
            json!("12"),
            json!(true),
        ] {
            let m = object(json!({ "fetchFreqInHours": badv }).to_string().as_bytes());
            assert_eq!(frequency(&m), Err(bad(INVALID_FREQ)), "{badv}");
        }
    }

    #[test]
    fn keywords_are_cleaned_and_both_exclusion_spellings_count() {
        let rules = keyword_rules(&json!([
            " hiring ",
            "",
            "HIRING",
            { "keyword": "crm", "required_keywords": ["open source"], "exclude_keywords": ["salesforce"] },
            { "keyword": "erp", "excluded_keywords": ["sap"], "include_all_required": true },
            42
        ]))
        .expect("rules");
        assert_eq!(rules.len(), 3);
        assert_eq!(rules[0].keyword, "hiring");
        assert_eq!(rules[1].excluded_keywords, vec!["salesforce"]);
        assert_eq!(rules[2].excluded_keywords, vec!["sap"]);
        assert!(rules[2].include_all_required);
        assert_eq!(keyword_rules(&json!([])), Err(bad(KEYWORDS_REQUIRED)));
        assert_eq!(keyword_rules(&json!("x")), Err(bad(KEYWORDS_REQUIRED)));
        assert_eq!(
            keyword_rules(&json!(["  ", 1])),
            Err(bad(NO_VALID_KEYWORDS))
        );
    }

    #[test]
    fn at_most_two_labels_stay_default() {
        let l = labels(&json!([
            { "name": "a", "default": true },
            { "key": "b", "default": true },
            { "name": "c", "default": true },
            "d"
        ]))
        .expect("labels");
        let defaults: Vec<bool> = l.iter().map(|l| l.default).collect();
        assert_eq!(defaults, vec![true, true, false, false]);
        assert_eq!(l[1].key, "b");
    }

    #[test]
    fn the_id_comes_from_the_query_or_the_body() {
        assert_eq!(id_from("id=abc", b""), Some("abc".into()));
        assert_eq!(id_from("", br#"{"id":"xyz"}"#), Some("xyz".into()));
        assert_eq!(id_from("id=q", br#"{"id":"b"}"#), Some("q".into()));
        assert_eq!(id_from("id=", b"{}"), None);
    }
}
