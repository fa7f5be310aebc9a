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
}

impl<'a> Checker<'a> {
    /// The body must be an object; anything else is one issue at path `[]`
    /// (and every field then reads as absent, so no further issues appear).
    pub fn new(body: &'a Value) -> Checker<'a> {
        match body {
            Value::Object(m) => Checker {
                fields: Some(m),
                issues: Vec::new(),
            },
            other => Checker {
                fields: None,
                issues: vec![invalid_type("object", received(other), &[])],
            },
        }
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
                    self.issues
                        .push(invalid_type(expected, "undefined", &[key]));
                }
                None
            }
            Some(v) => match pick(v) {
                Some(t) => Some(t),
                None => {
                    self.issues
                        .push(invalid_type(expected, received(v), &[key]));
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
                "path": [key],
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
                "path": [key],
            }));
            ok = false;
        }
        // Saturates for huge values, which every caller clamps anyway.
        ok.then_some(n as u64)
    }

    /// `z.enum([...]).optional()`.
    pub fn enumeration(&mut self, key: &str, options: &[&str]) -> Option<&'a str> {
        self.enumeration_of(key, options, false)
    }

    /// `z.enum([...])`, optional unless `required`.
    pub fn enumeration_of(
        &mut self,
        key: &str,
        options: &[&str],
        required: bool,
    ) -> Option<&'a str> {
        let joined = options
            .iter()
            .map(|o| format!("'{o}'"))
            .collect::<Vec<_>>()
            .join(" | ");
        let s = self.typed(key, required, &joined, Value::as_str)?;
        if options.contains(&s) {
            Some(s)
        } else {
            self.issues.push(json!({
                "received": s,
                "code": "invalid_enum_value",
                "options": options,
                "path": [key],
                "message": format!("Invalid enum value. Expected {joined}, received '{s}'"),
            }));
            None
        }
    }

    /// `z.array(z.any())`, optional.
    pub fn array(&mut self, key: &str) -> Option<&'a Vec<Value>> {
        self.typed(key, false, "array", Value::as_array)
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
            "path": [key],
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
            "path": [key],
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
                "path": [key],
            }));
        }
        ok
    }
}

fn invalid_type(expected: &str, received: &str, path: &[&str]) -> Value {
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
    fn empty_body_reads_as_empty_object_and_garbage_is_invalid_json() {
        assert_eq!(parse_body(b"  ").ok(), Some(json!({})));
        assert!(matches!(parse_body(b"{nope"), Err(CsError::InvalidJson)));
    }
}
