//! Dataset item listing (AP-3, catalog #6): `offset`, `limit`, `desc`,
//! `fields`, `omit`, `clean` (`skipHidden` + `skipEmpty`) and
//! `format=json|jsonl|csv` (with `bom`, `skipHeaderRow`, `delimiter`), with
//! the numbers behind the `X-Apify-Pagination-*` headers. Pure functions over
//! a list of items.

use serde_json::{Map, Value};

use super::error::ApifyError;

/// Largest page (Apify's documented maximum; mocklink's default limit).
pub const MAX_LIMIT: usize = 250_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Jsonl,
    Csv,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json; charset=utf-8",
            Format::Jsonl => "application/jsonl; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
        }
    }
}

/// The listing options, already checked.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub offset: usize,
    pub limit: usize,
    pub desc: bool,
    pub fields: Option<Vec<String>>,
    pub omit: Vec<String>,
    pub format: Format,
    /// Drop fields whose name starts with `#`.
    pub skip_hidden: bool,
    /// Drop items that are empty (after `fields` and `omit`).
    pub skip_empty: bool,
    /// CSV only: a UTF-8 byte-order mark first (Apify's default).
    pub bom: bool,
    pub skip_header_row: bool,
    pub delimiter: u8,
}

fn number(name: &str, v: Option<&str>) -> Result<Option<usize>, ApifyError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<usize>().map(Some).map_err(|_| {
            ApifyError::InvalidInput(format!(
                "Parameter '{name}' must be a non-negative integer, found {s:?}"
            ))
        }),
    }
}

/// A query boolean as the clients send it: `1`/`0` or `true`/`false`.
fn flag(name: &str, v: Option<&str>, default: bool) -> Result<bool, ApifyError> {
    match v.map(str::trim) {
        None | Some("") => Ok(default),
        Some(s) if s == "1" || s.eq_ignore_ascii_case("true") => Ok(true),
        Some(s) if s == "0" || s.eq_ignore_ascii_case("false") => Ok(false),
        Some(s) => Err(ApifyError::InvalidInput(format!(
            "Parameter '{name}' must be a boolean (1, 0, true or false), found {s:?}"
        ))),
    }
}

fn list(v: Option<&str>) -> Option<Vec<String>> {
    v.map(|s| {
        s.split(',')
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .map(str::to_string)
            .collect()
    })
}

impl Listing {
    pub fn parse(get: impl Fn(&str) -> Option<String>) -> Result<Listing, ApifyError> {
        let format = match get("format").as_deref().map(str::trim) {
            None | Some("") | Some("json") => Format::Json,
            Some("jsonl") => Format::Jsonl,
            Some("csv") => Format::Csv,
            Some(other) => {
                return Err(ApifyError::InvalidInput(format!(
                    "Parameter 'format' must be json, jsonl or csv on mocklink, found {other:?}"
                )))
            }
        };
        let b = |name: &str, default: bool| flag(name, get(name).as_deref(), default);
        let clean = b("clean", false)?;
        let delimiter = match get("delimiter") {
            None => b',',
            Some(d) if d.len() == 1 => d.as_bytes()[0],
            Some(d) => {
                return Err(ApifyError::InvalidInput(format!(
                    "Parameter 'delimiter' must be one ASCII character, found {d:?}"
                )))
            }
        };
        Ok(Listing {
            offset: number("offset", get("offset").as_deref())?.unwrap_or(0),
            limit: number("limit", get("limit").as_deref())?
                .unwrap_or(MAX_LIMIT)
                .min(MAX_LIMIT),
            desc: b("desc", false)?,
            fields: list(get("fields").as_deref()).filter(|f| !f.is_empty()),
            omit: list(get("omit").as_deref()).unwrap_or_default(),
            format,
            skip_hidden: b("skipHidden", clean)?,
            skip_empty: b("skipEmpty", clean)?,
            bom: b("bom", true)?,
            skip_header_row: b("skipHeaderRow", false)?,
            delimiter,
        })
    }
}

/// A page of items: the body and the pagination numbers.
#[derive(Debug)]
pub struct Page {
    pub body: Vec<u8>,
    pub offset: usize,
    pub limit: usize,
    pub count: usize,
    pub total: usize,
    pub desc: bool,
}

pub fn page(mut items: Vec<Value>, l: &Listing) -> Page {
    let total = items.len();
    if l.desc {
        items.reverse();
    }
    // Like Apify, `skipEmpty` drops items from the page after it was cut,
    // so a clean page may hold fewer than `limit` rows.
    let picked: Vec<Value> = items
        .into_iter()
        .skip(l.offset)
        .take(l.limit)
        .map(|item| shape(item, l))
        .filter(|item| !(l.skip_empty && item.as_object().is_some_and(Map::is_empty)))
        .collect();
    let count = picked.len();
    let body = match l.format {
        Format::Json => serde_json::to_vec(&picked).unwrap_or_default(),
        Format::Jsonl => {
            let mut out = Vec::new();
            for item in &picked {
                out.extend(serde_json::to_vec(item).unwrap_or_default());
                out.push(b'\n');
            }
            out
        }
        Format::Csv => csv(&picked, l),
    };
    Page {
        body,
        offset: l.offset,
        limit: l.limit,
        count,
        total,
        desc: l.desc,
    }
}

/// Keeps `fields` (in that order) and drops `omit`, at the top level.
fn shape(item: Value, l: &Listing) -> Value {
    let Value::Object(mut map) = item else {
        return item;
    };
    if let Some(fields) = &l.fields {
        let mut kept = Map::new();
        for f in fields {
            if let Some(v) = map.remove(f) {
                kept.insert(f.clone(), v);
            }
        }
        map = kept;
    }
    for o in &l.omit {
        map.remove(o);
    }
    if l.skip_hidden {
        map.retain(|k, _| !k.starts_with('#'));
    }
    Value::Object(map)
}

/// Apify's CSV: nested values flattened to `a/b` and `a/0` columns, the union
/// of every item's columns in first-seen order.
fn csv(items: &[Value], l: &Listing) -> Vec<u8> {
    let rows: Vec<Vec<(String, String)>> = items
        .iter()
        .map(|item| {
            let mut cells = Vec::new();
            flatten("", item, &mut cells);
            cells
        })
        .collect();
    let mut columns: Vec<String> = Vec::new();
    for row in &rows {
        for (k, _) in row {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let start: Vec<u8> = if l.bom {
        "\u{feff}".as_bytes().to_vec()
    } else {
        Vec::new()
    };
    let mut w = csv::WriterBuilder::new()
        .delimiter(l.delimiter)
        .from_writer(start);
    if !columns.is_empty() {
        if !l.skip_header_row {
            let _ = w.write_record(&columns);
        }
        for row in &rows {
            let record: Vec<&str> = columns
                .iter()
                .map(|c| {
                    row.iter()
                        .find(|(k, _)| k == c)
                        .map_or("", |(_, v)| v.as_str())
                })
                .collect();
            let _ = w.write_record(&record);
        }
    }
    w.into_inner().unwrap_or_default()
}

fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| {
        if prefix.is_empty() {
            k.to_string()
        } else {
            format!("{prefix}/{k}")
        }
    };
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                flatten(&key(k), x, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                flatten(&key(&i.to_string()), x, out);
            }
        }
        Value::Null => out.push((prefix.to_string(), String::new())),
        Value::String(s) => out.push((prefix.to_string(), s.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn listing(q: &[(&str, &str)]) -> Listing {
        Listing::parse(|k| q.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string()))
            .expect("valid")
    }

    fn items() -> Vec<Value> {
        (0..5).map(|i| json!({ "url": format!("u{i}"), "status": "success", "profile": { "skills": ["a", "b"] } })).collect()
    }

    #[test]
    fn offset_limit_and_desc_page_through_the_items() {
        let p = page(
            items(),
            &listing(&[("offset", "1"), ("limit", "2"), ("desc", "1")]),
        );
        let v: Value = serde_json::from_slice(&p.body).expect("json");
        assert_eq!(v, json!([items()[3], items()[2]]));
        assert_eq!((p.offset, p.limit, p.count, p.total), (1, 2, 2, 5));
    }

    #[test]
    fn csv_flattens_nested_values_and_fields_pick_columns() {
        let p = page(items(), &listing(&[("format", "csv"), ("limit", "1")]));
        let text = String::from_utf8(p.body).expect("utf8");
        assert_eq!(
            text,
            "\u{feff}url,status,profile/skills/0,profile/skills/1\nu0,success,a,b\n"
        );
        // catalog #6: `bom=0` drops the mark, `skipHeaderRow` the header.
        let p = page(
            items(),
            &listing(&[
                ("format", "csv"),
                ("limit", "1"),
                ("bom", "false"),
                ("skipHeaderRow", "1"),
            ]),
        );
        assert_eq!(String::from_utf8(p.body).expect("utf8"), "u0,success,a,b\n");
        let p = page(
            items(),
            &listing(&[
                ("format", "jsonl"),
                ("fields", "status,url"),
                ("limit", "2"),
            ]),
        );
        assert_eq!(
            String::from_utf8(p.body).expect("utf8"),
            "{\"status\":\"success\",\"url\":\"u0\"}\n{\"status\":\"success\",\"url\":\"u1\"}\n"
        );
    }

    #[test]
    fn bad_parameters_are_invalid_input() {
        let bad = |k: &'static str, v: &'static str| {
            Listing::parse(move |n| (n == k).then(|| v.to_string())).is_err()
        };
        assert!(bad("offset", "-1"));
        assert!(bad("limit", "ten"));
        assert!(bad("format", "xml"));
        assert!(bad("desc", "yes"));
    }

    #[test]
    fn clean_drops_hidden_fields_and_empty_items_from_the_page() {
        // catalog #6: clean = skipHidden + skipEmpty.
        let rows = vec![
            json!({"#debug": 1, "a": 1}),
            json!({"#only": 2}),
            json!({"a": 3}),
        ];
        let p = page(rows.clone(), &listing(&[("clean", "true")]));
        let v: Value = serde_json::from_slice(&p.body).expect("json");
        assert_eq!(v, json!([{"a": 1}, {"a": 3}]));
        assert_eq!((p.count, p.total), (2, 3));
        let p = page(rows, &listing(&[("clean", "0")]));
        assert_eq!(p.count, 3);
    }
}
