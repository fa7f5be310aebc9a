//! The scenario's `sessions` section (SPEC C-11). Only the server's own
//! scenario sets it; a session's scenario may carry one, which has no effect.

use serde::{de, Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SessionsConfig {
    /// Real minutes a session may go unused before it is dropped (more than
    /// 0, at most 10,080 = a week; fractions allowed). `--session-idle-minutes`
    /// wins over it.
    #[serde(default)]
    #[schema(value_type = f64, minimum = 0, maximum = 10080, example = 30)]
    pub idle_minutes: IdleMinutes,
    /// Sessions live at once (1 to 10,000); one more gets 429.
    #[serde(default)]
    #[schema(value_type = u64, minimum = 1, maximum = 10000, example = 1000)]
    pub max: MaxSessions,
}

/// Minutes in (0, 10080].
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(transparent)]
pub struct IdleMinutes(pub f64);

impl IdleMinutes {
    pub const MAX: f64 = 10_080.0;

    /// Whether `v` is an allowed idle time.
    pub fn allowed(v: f64) -> bool {
        v.is_finite() && v > 0.0 && v <= IdleMinutes::MAX
    }
}

impl Default for IdleMinutes {
    fn default() -> Self {
        IdleMinutes(30.0)
    }
}

impl<'de> Deserialize<'de> for IdleMinutes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = f64::deserialize(d)?;
        if IdleMinutes::allowed(v) {
            Ok(IdleMinutes(v))
        } else {
            Err(de::Error::custom(format!(
                "expected minutes above 0 and at most {}, found {v}",
                IdleMinutes::MAX
            )))
        }
    }
}

/// A session count in 1..=10,000.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct MaxSessions(pub usize);

impl MaxSessions {
    /// Each used session holds tens of KiB; past this a server could be made
    /// to hold gigabytes.
    pub const MAX: usize = 10_000;
}

impl Default for MaxSessions {
    fn default() -> Self {
        MaxSessions(1000)
    }
}

impl<'de> Deserialize<'de> for MaxSessions {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = u64::deserialize(d)?;
        match usize::try_from(v) {
            Ok(n) if (1..=MaxSessions::MAX).contains(&n) => Ok(MaxSessions(n)),
            _ => Err(de::Error::custom(format!(
                "expected from 1 to {} sessions, found {v}",
                MaxSessions::MAX
            ))),
        }
    }
}
