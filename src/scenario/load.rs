//! Turning scenario text into a [`Scenario`] (SPEC C-3, C-12).
//!
//! A document is an overlay: its `extends` names a bundled scenario
//! (`"default"` when absent, `null` for none) and the document is merged onto
//! it, objects key by key, arrays and scalars replacing. The merged document is
//! then checked in three passes, each pointing at the value it refuses: the
//! numeric bounds ([`super::bounds`]), the types (serde, unknown fields
//! refused), and the rules that span fields. Every pass costs time linear in
//! the document's size.
//!
//! Positions are found only once something is wrong: the overlay text is
//! parsed again with its byte ranges and the error's path is looked up in it,
//! so a message always points into the document the user wrote. A value that
//! the overlay did not write came from its base, and the message says so.

use std::collections::{HashMap, HashSet};
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::{bounds, bundled, Millis, ProviderName, Scenario, ScenarioError};

/// Largest scenario document, from a file or `PUT /__admin/scenario` alike.
pub const MAX_DOCUMENT_BYTES: usize = 1024 * 1024;

/// How deep bundled scenarios may extend each other; ours go one level.
const MAX_EXTENDS_DEPTH: usize = 4;

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// `connectsafely.keys[0].key`; empty for the document itself.
pub fn render(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The inverse of [`render`] for the paths the checks build (no dots or
/// brackets inside keys).
fn parse_path(s: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in s.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(key) = pieces.next().filter(|k| !k.is_empty()) {
            out.push(Seg::Key(key.to_string()));
        }
        for idx in pieces {
            if let Ok(i) = idx.trim_end_matches(']').parse() {
                out.push(Seg::Index(i));
            }
        }
    }
    out
}

/// Parses, merges onto its base, and checks a scenario document.
pub fn load(text: &str, source: &str) -> Result<Scenario, ScenarioError> {
    // A byte-order mark is invisible in editors; Windows tools write one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc = Overlay { text, source };
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(doc.error(
            &[],
            None,
            format!(
                "the document is {} bytes; a scenario may have at most {} (1 MiB)",
                text.len(),
                MAX_DOCUMENT_BYTES
            ),
        ));
    }
    let (merged, base) = resolve(&doc, 0)?;
    let merged = Value::Object(merged);
    sections_are_objects(&merged, &mut Vec::new())
        .map_err(|(path, msg)| doc.located(&path, base.as_deref(), msg))?;
    bounds::check(&merged).map_err(|(path, msg)| doc.located(&path, base.as_deref(), msg))?;
    let scenario: Scenario = serde_path_to_error::deserialize(merged).map_err(|e| {
        let path = e
            .path()
            .iter()
            .map_while(|s| match s {
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                _ => None,
            })
            .collect::<Vec<_>>();
        doc.located(&path, base.as_deref(), e.into_inner().to_string())
    })?;
    check(&scenario)
        .map_err(|(path, msg)| doc.located(&parse_path(&path), base.as_deref(), msg))?;
    Ok(scenario)
}

/// The text the user wrote and what to call it in messages.
struct Overlay<'a> {
    text: &'a str,
    source: &'a str,
}

impl Overlay<'_> {
    fn error(&self, path: &[Seg], at: Option<(usize, usize)>, message: String) -> ScenarioError {
        ScenarioError {
            source_name: self.source.to_string(),
            path: render(path),
            line: at.map(|p| p.0),
            column: at.map(|p| p.1),
            message,
        }
    }

    /// An error at `path` of the merged document, placed in this text when
    /// the text wrote that value, else said to come from `base`.
    fn located(&self, path: &[Seg], base: Option<&str>, message: String) -> ScenarioError {
        match locate(self.text, path) {
            Some(at) => self.error(path, Some(at), message),
            None => {
                let message = match base {
                    Some(b) => format!(
                        "{message} (this value comes from the base scenario {b:?}; \
                         set it in this document to change it)"
                    ),
                    None => message,
                };
                self.error(path, None, message)
            }
        }
    }
}

/// The overlay merged onto its base, and the base's name (None: no base).
fn resolve(
    doc: &Overlay<'_>,
    depth: usize,
) -> Result<(Map<String, Value>, Option<String>), ScenarioError> {
    let mut overlay = parse_object(doc)?;
    let base = match overlay.remove("extends") {
        None => Some("default".to_string()),
        Some(Value::Null) => None,
        Some(Value::String(name)) if bundled::text(&name).is_some() => Some(name),
        Some(other) => {
            let found = match &other {
                Value::String(s) => format!("{s:?}"),
                v => kind(v).to_string(),
            };
            return Err(doc.located(
                &[Seg::Key("extends".into())],
                None,
                format!(
                    "expected the name of a bundled scenario ({}) or null for none, found {found}",
                    bundled::names()
                ),
            ));
        }
    };
    let Some(name) = base else {
        return Ok((overlay, None));
    };
    let (Some(text), true) = (bundled::text(&name), depth < MAX_EXTENDS_DEPTH) else {
        return Err(doc.located(
            &[Seg::Key("extends".into())],
            None,
            format!("bundled scenario {name:?} extends others too deeply"),
        ));
    };
    let source = format!("<bundled {name}>");
    let (mut merged, _) = resolve(
        &Overlay {
            text,
            source: &source,
        },
        depth + 1,
    )?;
    merge(&mut merged, overlay);
    Ok((merged, Some(name)))
}

/// Objects merge key by key; anything else in the overlay replaces.
fn merge(base: &mut Map<String, Value>, overlay: Map<String, Value>) {
    for (key, value) in overlay {
        match (base.get_mut(&key), value) {
            (Some(Value::Object(b)), Value::Object(o)) => merge(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// Every place where the schema has an object (`clock`,
/// `connectsafely.keys[]`, …), as a pattern with `[]` for list elements.
/// serde reads a struct from an array too (`"clock": ["…", true]`), so these
/// are checked before the types; taken from the schema once per process, so
/// a section added later is covered without a list to keep.
fn object_paths() -> &'static HashSet<String> {
    static PATHS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    PATHS.get_or_init(|| {
        use utoipa::{PartialSchema, ToSchema};
        let mut named = Vec::new();
        <Scenario as ToSchema>::schemas(&mut named);
        let all: Map<String, Value> = named
            .into_iter()
            .filter_map(|(n, s)| Some((n, serde_json::to_value(s).ok()?)))
            .collect();
        let root = serde_json::to_value(<Scenario as PartialSchema>::schema()).unwrap_or_default();
        let mut out = HashSet::new();
        collect_objects(&all, &root, String::new(), &mut out, 0);
        out
    })
}

fn collect_objects(
    all: &Map<String, Value>,
    schema: &Value,
    at: String,
    out: &mut HashSet<String>,
    depth: usize,
) {
    if depth > 32 {
        return;
    }
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        if let Some(s) = all.get(name) {
            collect_objects(all, s, at, out, depth + 1);
        }
        return;
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        for s in schema[key].as_array().into_iter().flatten() {
            collect_objects(all, s, at.clone(), out, depth + 1);
        }
    }
    if let Some(props) = schema["properties"].as_object() {
        out.insert(at.clone());
        for (k, v) in props {
            let next = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            collect_objects(all, v, next, out, depth + 1);
        }
    }
    if !schema["items"].is_null() {
        collect_objects(all, &schema["items"], format!("{at}[]"), out, depth + 1);
    }
}

/// Refuses an array (or other non-object) where the schema has an object.
fn sections_are_objects(v: &Value, at: &mut Vec<Seg>) -> Result<(), (Vec<Seg>, String)> {
    let pattern = at
        .iter()
        .map(|s| match s {
            Seg::Key(k) => format!(".{k}"),
            Seg::Index(_) => "[]".to_string(),
        })
        .collect::<String>();
    let pattern = pattern.strip_prefix('.').unwrap_or(&pattern);
    match v {
        Value::Array(items) => {
            if object_paths().contains(pattern) {
                return Err((at.clone(), "expected an object, found an array".into()));
            }
            for (i, item) in items.iter().enumerate() {
                at.push(Seg::Index(i));
                sections_are_objects(item, at)?;
                at.pop();
            }
        }
        Value::Object(map) => {
            for (k, item) in map {
                at.push(Seg::Key(k.clone()));
                sections_are_objects(item, at)?;
                at.pop();
            }
        }
        _ => {}
    }
    Ok(())
}

/// The text as a JSON object, with duplicate keys refused.
fn parse_object(doc: &Overlay<'_>) -> Result<Map<String, Value>, ScenarioError> {
    let mut de = serde_json::Deserializer::from_str(doc.text);
    let value = match serde_path_to_error::deserialize::<_, Strict>(&mut de) {
        Ok(v) => v.0,
        Err(e) => {
            let path = e
                .path()
                .iter()
                .map_while(|s| match s {
                    serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                    serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                    _ => None,
                })
                .collect::<Vec<_>>();
            let inner = e.into_inner();
            let message = if inner.is_eof() && doc.text.trim().is_empty() {
                "expected a JSON object, found an empty document".to_string()
            } else {
                strip_position(&inner.to_string())
            };
            let at = (inner.line().max(1), inner.column().max(1));
            return Err(doc.error(&path, Some(at), message));
        }
    };
    if let Err(e) = de.end() {
        return Err(doc.error(
            &[],
            Some((e.line(), e.column())),
            format!(
                "{} after the scenario object",
                strip_position(&e.to_string())
            ),
        ));
    }
    match value {
        Value::Object(map) => Ok(map),
        other => Err(doc.error(
            &[],
            locate(doc.text, &[]),
            format!(
                "expected a JSON object (the scenario), found {}",
                kind(&other)
            ),
        )),
    }
}

/// "an array", "a string", … for messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// serde_json appends " at line L column C"; the error names them separately.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// Line and column (1-based, columns in characters) where the value at
/// `path` starts in `text`, if the text wrote it.
fn locate(text: &str, path: &[Seg]) -> Option<(usize, usize)> {
    use jsonc_parser::ast;
    use jsonc_parser::common::Ranged;
    let parsed = jsonc_parser::parse_to_ast(
        text,
        &jsonc_parser::CollectOptions::default(),
        &jsonc_parser::ParseOptions::default(),
    )
    .ok()?;
    let mut v = parsed.value?;
    for seg in path {
        v = match (v, seg) {
            (ast::Value::Object(o), Seg::Key(k)) => {
                o.properties
                    .into_iter()
                    .rev()
                    .find(|p| p.name.as_str() == k)?
                    .value
            }
            (ast::Value::Array(a), Seg::Index(i)) => a.elements.into_iter().nth(*i)?,
            _ => return None,
        };
    }
    let at = v.start().min(text.len());
    let before = text.get(..at)?;
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    Some((line, column))
}

/// A JSON value read with duplicate keys refused: with serde_json's own
/// `Value` the last of two equal keys would silently win.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Strict(v) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "duplicate key {key:?}: each key may appear once per object"
                )));
            }
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// Rules that span fields. Returns (path, message); the path is that of the
/// value to change.
fn check(s: &Scenario) -> Result<(), (String, String)> {
    let quoted = |v: &str| serde_json::to_string(v).unwrap_or_default();
    let mut keys = HashSet::new();
    // Account id → where it was first listed, and that listing.
    let mut accounts: HashMap<&str, (String, &super::CsAccount)> = HashMap::new();
    for (i, k) in s.connectsafely.keys.iter().enumerate() {
        let path = format!("connectsafely.keys[{i}]");
        if !keys.insert(k.key.0.as_str()) {
            return Err((
                format!("{path}.key"),
                format!("duplicate key {}", quoted(&k.key.0)),
            ));
        }
        if k.accounts.is_empty() {
            return Err((
                format!("{path}.accounts"),
                "expected at least one account".into(),
            ));
        }
        if k.accounts.iter().filter(|a| a.default).count() > 1 {
            return Err((
                format!("{path}.accounts"),
                "expected at most one account with \"default\": true".into(),
            ));
        }
        let mut here: HashMap<&str, usize> = HashMap::new();
        for (j, a) in k.accounts.iter().enumerate() {
            let at = format!("{path}.accounts[{j}]");
            if let Some(first) = here.insert(a.id.0.as_str(), j) {
                return Err((
                    format!("{at}.id"),
                    format!(
                        "account {} is listed twice under this key (also at accounts[{first}])",
                        quoted(&a.id.0)
                    ),
                ));
            }
            if a.anonymous_visitors > a.visitors {
                return Err((
                    format!("{at}.anonymousVisitors"),
                    format!(
                        "expected at most visitors ({}) anonymous visitors, found {}",
                        a.visitors, a.anonymous_visitors
                    ),
                ));
            }
            match accounts.get(a.id.0.as_str()) {
                None => {
                    accounts.insert(a.id.0.as_str(), (at, a));
                }
                Some((first, b)) => {
                    for (field, mine, theirs) in [
                        ("premium", a.premium.to_string(), b.premium.to_string()),
                        ("visitors", a.visitors.to_string(), b.visitors.to_string()),
                        (
                            "anonymousVisitors",
                            a.anonymous_visitors.to_string(),
                            b.anonymous_visitors.to_string(),
                        ),
                    ] {
                        if mine != theirs {
                            return Err((
                                format!("{at}.{field}"),
                                format!(
                                    "account {} is also listed at {first} with {field}: {theirs}, \
                                     here {mine}; one LinkedIn account must be described the same \
                                     way under every key",
                                    quoted(&a.id.0)
                                ),
                            ));
                        }
                    }
                }
            }
        }
    }
    let total_visitors: u64 = accounts.values().map(|(_, a)| u64::from(a.visitors)).sum();
    if total_visitors > MAX_TOTAL_VISITORS {
        return Err((
            "connectsafely.keys".into(),
            format!(
                "the accounts have {total_visitors} visitors in all; at most {} are allowed \
                 (each account's visits are kept in memory)",
                bounds::grouped(MAX_TOTAL_VISITORS)
            ),
        ));
    }
    let mut tenants = HashSet::new();
    let mut atomus_keys = HashSet::new();
    for (i, t) in s.atomus.tenants.iter().enumerate() {
        if !tenants.insert(t.id.as_str()) {
            return Err((
                format!("atomus.tenants[{i}].id"),
                format!("duplicate tenant id {}", quoted(&t.id)),
            ));
        }
        for (j, k) in t.keys.iter().enumerate() {
            if !atomus_keys.insert(k.0.as_str()) {
                return Err((
                    format!("atomus.tenants[{i}].keys[{j}]"),
                    format!("duplicate key {}", quoted(&k.0)),
                ));
            }
        }
    }
    let mut tokens = HashSet::new();
    for (i, t) in s.apify.tokens.iter().enumerate() {
        if !tokens.insert(t.token.0.as_str()) {
            return Err((
                format!("apify.tokens[{i}].token"),
                format!("duplicate token {}", quoted(&t.token.0)),
            ));
        }
        if !tenants.contains(t.tenant.as_str()) {
            return Err((
                format!("apify.tokens[{i}].tenant"),
                format!(
                    "expected the id of a tenant in atomus.tenants, found {}",
                    quoted(&t.tenant)
                ),
            ));
        }
    }
    let mut teams = HashSet::new();
    let mut outx_keys = HashSet::new();
    for (i, t) in s.outx.teams.iter().enumerate() {
        if !teams.insert(t.id.as_str()) {
            return Err((
                format!("outx.teams[{i}].id"),
                format!("duplicate team id {}", quoted(&t.id)),
            ));
        }
        if t.plugin_active && t.plugin_last_active_hours_ago.is_some() {
            return Err((
                format!("outx.teams[{i}].pluginLastActiveHoursAgo"),
                "only applies with \"pluginActive\": false".into(),
            ));
        }
        for (j, k) in t.keys.iter().enumerate() {
            if !outx_keys.insert(k.0.as_str()) {
                return Err((
                    format!("outx.teams[{i}].keys[{j}]"),
                    format!("duplicate key {}", quoted(&k.0)),
                ));
            }
        }
    }
    let mut pinned = HashSet::new();
    let mut urns: HashMap<&str, usize> = HashMap::new();
    for (i, p) in s.people.pinned.iter().enumerate() {
        if !pinned.insert(p.handle.0.to_ascii_lowercase()) {
            return Err((
                format!("people.pinned[{i}].handle"),
                format!("duplicate pinned handle {}", quoted(&p.handle.0)),
            ));
        }
        if let Some(urn) = &p.entity_urn {
            if let Some(first) = urns.insert(urn.0.as_str(), i) {
                return Err((
                    format!("people.pinned[{i}].entityUrn"),
                    format!(
                        "{} is already the URN of people.pinned[{first}]; a URN names one person",
                        quoted(&urn.0)
                    ),
                ));
            }
        }
    }
    for (i, f) in s.faults.iter().enumerate() {
        if f.times == Some(0) {
            return Err((
                format!("faults[{i}].times"),
                "expected at least 1 (leave it out for a rule that never runs out)".into(),
            ));
        }
        if let Some(p) = &f.path {
            if ProviderName::for_path(p) != Some(f.provider) {
                return Err((
                    format!("faults[{i}].path"),
                    format!(
                        "expected a path served by {}, found {}",
                        f.provider,
                        quoted(p)
                    ),
                ));
            }
        }
    }
    for (name, l) in [
        ("connectsafely", &s.latency.connectsafely),
        ("atomus", &s.latency.atomus),
        ("apify", &s.latency.apify),
        ("outx", &s.latency.outx),
    ] {
        if let Some(l) = l {
            let ranged = l.min_ms.is_some() || l.max_ms.is_some();
            if l.fixed_ms.is_some() && ranged {
                return Err((
                    format!("latency.{name}"),
                    "expected either fixedMs or minMs/maxMs, not both".into(),
                ));
            }
            if let (Some(Millis(lo)), Some(Millis(hi))) = (l.min_ms, l.max_ms) {
                if lo > hi {
                    return Err((
                        format!("latency.{name}.maxMs"),
                        format!("expected maxMs ({hi}) to be at least minMs ({lo})"),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// Visitors over every account of a scenario: each visit is generated and
/// kept, so the sum is bounded as well as each account's count.
pub const MAX_TOTAL_VISITORS: u64 = 100_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_given_as_arrays_are_refused() {
        assert!(object_paths().contains("clock"));
        assert!(object_paths().contains("connectsafely.keys[]"));
        assert!(object_paths().contains("latency.outx"));
        let e = load(r#"{"clock": ["2024-01-15T10:30:00Z", true]}"#, "x")
            .err()
            .map(|e| (e.path, e.message));
        assert_eq!(
            e,
            Some(("clock".into(), "expected an object, found an array".into()))
        );
        let e = load(r#"{"connectsafely": {"limits": [1, 2, 3, 4]}}"#, "x")
            .err()
            .map(|e| e.path);
        assert_eq!(e.as_deref(), Some("connectsafely.limits"));
        let e = load(
            r#"{"atomus": {"tenants": [["t", 5, ["atm_live_x"]]]}}"#,
            "x",
        )
        .err()
        .map(|e| e.path);
        assert_eq!(e.as_deref(), Some("atomus.tenants[0]"));
    }

    #[test]
    fn paths_render_and_parse_back() {
        let p = parse_path("connectsafely.keys[1].accounts[0].id");
        assert_eq!(render(&p), "connectsafely.keys[1].accounts[0].id");
        assert_eq!(p.len(), 6);
    }

    #[test]
    fn locate_points_at_the_value_in_the_text() {
        let text = "{\n  \"a\": {\"b\": [1, \n    7]}}";
        let at = locate(
            text,
            &[Seg::Key("a".into()), Seg::Key("b".into()), Seg::Index(1)],
        );
        assert_eq!(at, Some((3, 5)));
        assert_eq!(locate(text, &[Seg::Key("x".into())]), None);
        assert_eq!(locate(text, &[]), Some((1, 1)));
    }

    #[test]
    fn merge_replaces_arrays_and_scalars_and_merges_objects() {
        let mut base = serde_json::json!({"a": {"x": 1, "y": [1, 2]}, "b": 2})
            .as_object()
            .cloned()
            .unwrap_or_default();
        let overlay = serde_json::json!({"a": {"y": [3]}, "c": null})
            .as_object()
            .cloned()
            .unwrap_or_default();
        merge(&mut base, overlay);
        assert_eq!(
            Value::Object(base),
            serde_json::json!({"a": {"x": 1, "y": [3]}, "b": 2, "c": null})
        );
    }
}
