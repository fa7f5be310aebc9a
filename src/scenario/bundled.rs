//! The scenarios shipped in `scenarios/`, compiled into the binary so that a
//! name (`--scenario tight-limits`, `"extends": "no-credits"`) works without
//! the repository at hand (SPEC C-2, C-12). A test checks that every file of
//! the folder is listed here with the same text.

/// `(name, document)`: the file name without `.json`, and its text.
pub const BUNDLED: &[(&str, &str)] = &[
    ("default", include_str!("../../scenarios/default.json")),
    ("bench", include_str!("../../scenarios/bench.json")),
    (
        "flaky-upstream",
        include_str!("../../scenarios/flaky-upstream.json"),
    ),
    ("instant", include_str!("../../scenarios/instant.json")),
    (
        "no-credits",
        include_str!("../../scenarios/no-credits.json"),
    ),
    ("no-plugin", include_str!("../../scenarios/no-plugin.json")),
    (
        "slow-tasks",
        include_str!("../../scenarios/slow-tasks.json"),
    ),
    (
        "tight-limits",
        include_str!("../../scenarios/tight-limits.json"),
    ),
];

/// The text of the bundled scenario called `name`.
pub fn text(name: &str) -> Option<&'static str> {
    BUNDLED.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Every bundled name, comma-separated, for error messages.
pub fn names() -> String {
    BUNDLED
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}
