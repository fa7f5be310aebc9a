//! Body validation that reports exactly what ConnectSafely's Zod 3 schemas
//! report (CS-ZOD): every issue at once, in schema field order, each object
//! with Zod's own keys in Zod's own order (`makeIssue` spreads the issue data
//! first, then `path`, then `message`). It knows JSON and Zod, not the rules
//! of any route; the routes' request types describe their schemas with it.

use serde_json::{json, Map, Value};

use super::error::CsError;

/// Parses a request body: not JSON → the SPEC's decision body. An empty body
/// reads as `{}`, as Express's JSON parser hands it to Zod.
pub fn parse_body(body: &[u8]) -> Result<Value, CsError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    serde_json::from_slice(body).map_err(|_| CsError::InvalidJson)
}

/// Zod's name for the type of a value (`ZodParsedType`).
fn received(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// One `z.object({...})` being checked: reads fields and gathers issues.
pub struct Checker<'a> {
    fields: Option<&'a Map<String, Value>>,
    issues: Vec<Value>,
    /// Where this object sits in the body (`["filters"]` for a nested one).
    prefix: Vec<Value>,
}

impl<'a> Checker<'a> {
    /// The body must be an object; anything else is one issue at path `[]`
    /// (and every field then reads as absent, so no further issues appear).
    pub fn new(body: &'a Value) -> Checker<'a> {
        match body {
            Value::Object(m) => Checker {
                fields: Some(m),
                issues: Vec::new(),
                prefix: Vec::new(),
            },
            other => Checker {
                fields: None,
                issues: vec![invalid_type("object", received(other), Vec::new())],
                prefix: Vec::new(),
            },
        }
    }

    /// The path of `key` in the body, for an issue.
    fn path(&self, key: &str) -> Vec<Value> {
        let mut p = self.prefix.clone();
        p.push(Value::from(key));
        p
    }

    /// `key: z.object({...}).optional()`
    /// (its issues carry the full path) and returns what it read.
    pub fn object<T>(
        &mut self,
        key: &str,
        schema: impl FnOnce(&mut Checker<'a>) -> T,
    ) -> Option<T> {
        let v = self.get(key)?;
        let Value::Object(m) = v else {
            let path = self.path(key);
            self.issues.push(invalid_type("object", received(v), path));
            return None;
        };
        let mut inner = Checker {
            fields: Some(m),
            issues: Vec::new(),
            prefix: self.path(key),
        };
        let out = schema(&mut inner);
        self.issues.append(&mut inner.issues);
        Some(out)
    }

    /// `z.number().int().min(min).max(max)`, optional unless `required`.
    pub fn integer_in(&mut self, key: &str, required: bool, min: u64, max: u64) -> Option<u64> {
        let n = self.integer(key, required, min)?;
        if n > max {
            let path = self.path(key);
            self.issues.push(json!({
                "code": "too_big",
                "maximum": max,
                "type": "number",
                "inclusive": true,
                "exact": false,
                "message": format!("Number must be less than or equal to {max}"),
                "path": path,
            }));
            return None;
        }
        Some(n)
    }

    /// `z.array(z.string()).max(max)` (optional); `options`, when given,
    /// makes the items `z.enum(options)`.
    pub fn strings(
        &mut self,
        key: &str,
        max: Option<usize>,
        options: Option<&[&str]>,
    ) -> Option<Vec<&'a str>> {
        let items = self.typed(key, false, "array", Value::as_array)?;
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            let mut path = self.path(key);
            path.push(Value::from(i));
            match (item.as_str(), options) {
                (None, Some(o)) => {
                    self.issues
                        .push(invalid_type(&enum_expected(o), received(item), path));
                    ok = false;
                }
                (None, None) => {
                    self.issues
                        .push(invalid_type("string", received(item), path));
                    ok = false;
                }
                (Some(s), Some(o)) if !o.contains(&s) => {
                    self.issues.push(invalid_enum(s, o, path));
                    ok = false;
                }
                (Some(s), _) => out.push(s),
            }
        }
        if let Some(max) = max.filter(|m| items.len() > *m) {
            let path = self.path(key);
            self.issues.push(json!({
                "code": "too_big",
                "maximum": max,
                "type": "array",
                "inclusive": true,
                "exact": false,
                "message": format!("Array must contain at most {max} element(s)"),
                "path": path,
            }));
            ok = false;
        }
        ok.then_some(out)
    }

    /// `z.array(z.unknown())` (optional unless `required`): the raw items,
    /// for the caller to check one by one with [`Checker::item`].
    pub fn array(&mut self, key: &str, required: bool) -> Option<&'a Vec<Value>> {
        self.typed(key, required, "array", Value::as_array)
    }

    /// Item `index` of array `key` as a `z.object({...})`: runs `schema` on
    /// it with the item's path, or reports it is not an object.
    pub fn item<T>(
        &mut self,
        key: &str,
        index: usize,
        item: &'a Value,
        schema: impl FnOnce(&mut Checker<'a>) -> T,
    ) -> Option<T> {
        let mut prefix = self.path(key);
        prefix.push(Value::from(index));
        let Value::Object(m) = item else {
            self.issues
                .push(invalid_type("object", received(item), prefix));
            return None;
        };
        let mut inner = Checker {
            fields: Some(m),
            issues: Vec::new(),
            prefix,
        };
        let out = schema(&mut inner);
        self.issues.append(&mut inner.issues);
        Some(out)
    }

    /// `z.record(z.unknown())`-like: any object (optional unless `required`).
    pub fn any_object(&mut self, key: &str, required: bool) -> Option<&'a Map<String, Value>> {
        self.typed(key, required, "object", Value::as_object)
    }

    /// The gathered issues, or `Ok` when there are none.
    pub fn finish(self) -> Result<(), CsError> {
        if self.issues.is_empty() {
            Ok(())
        } else {
            Err(CsError::Zod(self.issues))
        }
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.fields.and_then(|m| m.get(key))
    }

    /// A value that is absent, or present and of the wrong type, is one
    /// `invalid_type` issue (absent only counts when `required`).
    fn typed<T>(
        &mut self,
        key: &str,
        required: bool,
        expected: &str,
        pick: impl Fn(&'a Value) -> Option<T>,
    ) -> Option<T> {
        match self.get(key) {
            None => {
                if required && self.fields.is_some() {
                    let path = self.path(key);
                    self.issues.push(invalid_type(expected, "undefined", path));
                }
                None
            }
            Some(v) => match pick(v) {
                Some(t) => Some(t),
                None => {
                    let path = self.path(key);
                    self.issues.push(invalid_type(expected, received(v), path));
                    None
                }
            },
        }
    }

    /// `z.string()` (optional unless `required`).
    pub fn string(&mut self, key: &str, required: bool) -> Option<&'a str> {
        self.typed(key, required, "string", Value::as_str)
    }

    /// `z.boolean().optional()`.
    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        self.typed(key, false, "boolean", Value::as_bool)
    }

    /// `z.number().int().min(min)`, optional unless `required`.
    pub fn integer(&mut self, key: &str, required: bool, min: u64) -> Option<u64> {
        let n = self.typed(key, required, "number", Value::as_f64)?;
        let mut ok = true;
        if n.fract() != 0.0 {
            self.issues.push(json!({
                "code": "invalid_type",
                "expected": "integer",
                "received": "float",
                "path": self.path(key),
                "message": "Expected integer, received float",
            }));
            ok = false;
        }
        if n < min as f64 {
            self.issues.push(json!({
                "code": "too_small",
                "minimum": min,
                "type": "number",
                "inclusive": true,
                "exact": false,
                "message": format!("Number must be greater than or equal to {min}"),
                "path": self.path(key),
            }));
            ok = false;
        }
        // Saturates for huge values, which every caller clamps anyway.
        ok.then_some(n as u64)
    }

    /// `z.enum([...]).optional()`.
    pub fn enumeration(&mut self, key: &str, options: &[&str]) -> Option<&'a str> {
        self.enumeration_of(key, false, options)
    }

    /// `z.enum([...])`, optional unless `required`.
    pub fn enumeration_of(
        &mut self,
        key: &str,
        required: bool,
        options: &[&str],
    ) -> Option<&'a str> {
        let s = self.typed(key, required, &enum_expected(options), Value::as_str)?;
        if options.contains(&s) {
            Some(s)
        } else {
            let path = self.path(key);
            self.issues.push(invalid_enum(s, options, path));
            None
        }
    }

    /// `z.boolean()`, required.
    pub fn boolean_required(&mut self, key: &str) -> Option<bool> {
        self.typed(key, true, "boolean", Value::as_bool)
    }

    /// `z.array(z.string())` with `.min(min)` and `.max(max)`, optional
    /// unless `required`; a wrong item is an issue at `[key, index]`.
    pub fn string_array(
        &mut self,
        key: &str,
        required: bool,
        min: usize,
        max: usize,
    ) -> Option<Vec<&'a str>> {
        let items = self.typed(key, required, "array", Value::as_array)?;
        let mut ok = true;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) => out.push(s),
                None => {
                    ok = false;
                    self.issues.push(json!({
                        "code": "invalid_type",
                        "expected": "string",
                        "received": received(item),
                        "path": [key, i],
                        "message": format!("Expected string, received {}", received(item)),
                    }));
                }
            }
        }
        if items.len() < min {
            ok = false;
            self.issues.push(json!({
                "code": "too_small",
                "minimum": min,
                "type": "array",
                "inclusive": true,
                "exact": false,
                "message": format!("Array must contain at least {min} element(s)"),
                "path": [key],
            }));
        }
        if items.len() > max {
            ok = false;
            self.issues.push(json!({
                "code": "too_big",
                "maximum": max,
                "type": "array",
                "inclusive": true,
                "exact": false,
                "message": format!("Array must contain at most {max} element(s)"),
                "path": [key],
            }));
        }
        ok.then_some(out)
    }

    /// `.min(n)` on a string already read (length in UTF-16 units, as JS counts).
    pub fn min_len(&mut self, key: &str, s: &str, min: usize) -> bool {
        if s.encode_utf16().count() >= min {
            return true;
        }
        self.issues.push(json!({
            "code": "too_small",
            "minimum": min,
            "type": "string",
            "inclusive": true,
            "exact": false,
            "message": format!("String must contain at least {min} character(s)"),
            "path": self.path(key),
        }));
        false
    }

    /// `.max(n)` on a string already read.
    pub fn max_len(&mut self, key: &str, s: &str, max: usize) -> bool {
        if s.encode_utf16().count() <= max {
            return true;
        }
        self.issues.push(json!({
            "code": "too_big",
            "maximum": max,
            "type": "string",
            "inclusive": true,
            "exact": false,
            "message": format!("String must contain at most {max} character(s)"),
            "path": self.path(key),
        }));
        false
    }

    /// `.regex(...)` on a string already read; `ok` is the match result.
    pub fn regex(&mut self, key: &str, ok: bool) -> bool {
        if !ok {
            self.issues.push(json!({
                "validation": "regex",
                "code": "invalid_string",
                "message": "Invalid",
                "path": self.path(key),
            }));
        }
        ok
    }
}

fn enum_expected(options: &[&str]) -> String {
    options
        .iter()
        .map(|o| format!("'{o}'"))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn invalid_enum(s: &str, options: &[&str], path: Vec<Value>) -> Value {
    let joined = enum_expected(options);
    json!({
        "received": s,
        "code": "invalid_enum_value",
        "options": options,
        "path": path,
        "message": format!("Invalid enum value. Expected {joined}, received '{s}'"),
    })
}

fn invalid_type(expected: &str, received: &str, path: Vec<Value>) -> Value {
    let message = if received == "undefined" {
        "Required".to_string()
    } else {
        format!("Expected {expected}, received {received}")
    };
    json!({
        "code": "invalid_type",
        "expected": expected,
        "received": received,
        "path": path,
        "message": message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issues(r: Result<(), CsError>) -> Vec<Value> {
        match r {
            Err(CsError::Zod(i)) => i,
            other => panic!("expected Zod issues, got {other:?}"),
        }
    }

    #[test]
    fn missing_required_string_reads_required_with_zod_key_order() {
        let body = json!({});
        let mut c = Checker::new(&body);
        c.string("profileId", true);
        let i = issues(c.finish());
        assert_eq!(
            serde_json::to_string(&i[0]).ok(),
            Some(
                r#"{"code":"invalid_type","expected":"string","received":"undefined","path":["profileId"],"message":"Required"}"#
                    .to_string()
            )
        );
    }

    #[test]
    fn every_issue_is_reported_in_field_order() {
        let body = json!({"a": 1, "b": "x", "c": 2.5});
        let mut c = Checker::new(&body);
        c.string("a", true);
        c.boolean("b");
        c.integer("c", true, 1);
        c.string("d", true);
        let i = issues(c.finish());
        assert_eq!(i.len(), 4);
        assert_eq!(i[0]["message"], "Expected string, received number");
        assert_eq!(i[1]["message"], "Expected boolean, received string");
        assert_eq!(i[2]["message"], "Expected integer, received float");
        assert_eq!(i[3]["message"], "Required");
    }

    #[test]
    fn a_body_that_is_not_an_object_is_one_issue_at_the_root() {
        let body = json!([1]);
        let mut c = Checker::new(&body);
        c.string("profileId", true);
        let i = issues(c.finish());
        assert_eq!(i.len(), 1);
        assert_eq!(i[0]["message"], "Expected object, received array");
        assert_eq!(i[0]["path"], json!([]));
    }

    #[test]
    fn nested_objects_and_arrays_report_full_paths() {
        let body = json!({"filters": {"ids": ["a", 2], "kind": ["X"]}, "n": 500});
        let mut c = Checker::new(&body);
        c.object("filters", |f| {
            f.strings("ids", Some(1), None);
            f.strings("kind", None, Some(&["S", "O"]));
        });
        c.integer_in("n", false, 1, 100);
        let i = issues(c.finish());
        let paths: Vec<Value> = i.iter().map(|x| x["path"].clone()).collect();
        assert_eq!(
            paths,
            vec![
                json!(["filters", "ids", 1]),
                json!(["filters", "ids"]),
                json!(["filters", "kind", 0]),
                json!(["n"])
            ]
        );
        assert_eq!(i[1]["code"], "too_big");
        assert_eq!(i[2]["code"], "invalid_enum_value");
        assert_eq!(i[3]["message"], "Number must be less than or equal to 100");
    }

    #[test]
    fn empty_body_reads_as_empty_object_and_garbage_is_invalid_json() {
        assert_eq!(parse_body(b"  ").ok(), Some(json!({})));
        assert!(matches!(parse_body(b"{nope"), Err(CsError::InvalidJson)));
    }
}
