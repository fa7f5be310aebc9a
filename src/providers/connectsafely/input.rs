//! Each route's Zod schema, written with [`Checker`] in the schema's field
//! order (so issues come out in the order Zod lists them), and the rules
//! ConnectSafely applies after the schema passes (CS-C1, CS-E1). Unknown
//! fields are ignored, as `z.object` strips them.

use serde_json::Value;

use super::error::CsError;
use super::model::{ConnectRequest, EndorseRequest, ProfileRequest, VisitorsRequest};
use super::steps::public_id;
use super::visitors::TIME_RANGES;
use super::zod::Checker;
use crate::scenario::ProfileUrn;

pub const MAX_CUSTOM_MESSAGE: usize = 300;
pub const DEFAULT_PAGE: u64 = 20;

pub fn profile(body: &Value) -> Result<ProfileRequest, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let profile_id = c.string("profileId", true);
    if let Some(p) = profile_id {
        c.min_len("profileId", p, 1);
    }
    let mut flag = |k: &str| c.boolean(k).unwrap_or(false);
    let include_geo_location = flag("includeGeoLocation");
    let include_contact = flag("includeContact");
    let include_experience = flag("includeExperience");
    let include_education = flag("includeEducation");
    let include_skills = flag("includeSkills");
    let force_refresh = flag("forceRefresh");
    c.finish()?;
    Ok(ProfileRequest {
        account_id: account_id.map(str::to_string),
        profile_id: public_id(profile_id.unwrap_or_default()),
        include_geo_location,
        include_contact,
        include_experience,
        include_education,
        include_skills,
        force_refresh,
    })
}

pub fn connect(body: &Value) -> Result<ConnectRequest, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let profile_id = c.string("profileId", false);
    let profile_urn = c.string("profileUrn", false);
    if let Some(u) = profile_urn {
        c.regex("profileUrn", ProfileUrn::is_valid(u));
    }
    let custom_message = c.string("customMessage", false);
    if let Some(m) = custom_message {
        c.max_len("customMessage", m, MAX_CUSTOM_MESSAGE);
    }
    c.finish()?;
    // An empty string is no id, as the service's `!profileId` check reads it.
    let non_empty = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_string);
    let req = ConnectRequest {
        account_id: account_id.map(str::to_string),
        profile_id: non_empty(profile_id).map(|p| public_id(&p)),
        profile_urn: non_empty(profile_urn),
        custom_message: custom_message.map(str::to_string),
    };
    if req.profile_id.is_none() && req.profile_urn.is_none() {
        return Err(CsError::TargetMissing);
    }
    Ok(req)
}

pub fn visitors(body: &Value) -> Result<VisitorsRequest, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let time_range = c.enumeration("timeRange", &TIME_RANGES);
    let count = c.integer("count", false, 1);
    let start = c.integer("start", false, 0);
    let fetch_all = c.boolean("fetchAll");
    // Optional (SPEC G-2 amends CS-V1): the cookbook's workflows omit it.
    let max_visitors = c.integer("maxVisitors", false, 1);
    c.finish()?;
    Ok(VisitorsRequest {
        account_id: account_id.map(str::to_string),
        time_range: time_range.map(str::to_string),
        count,
        start,
        fetch_all,
        max_visitors,
    })
}

pub fn endorse(body: &Value) -> Result<EndorseRequest, CsError> {
    let mut c = Checker::new(body);
    let account_id = c.string("accountId", false);
    let profile_id = c.string("profileId", true);
    if let Some(p) = profile_id {
        c.min_len("profileId", p, 1);
    }
    let skill_id = c.string("skillId", false);
    let random = c.boolean("random").unwrap_or(false);
    c.finish()?;
    let skill_id = skill_id.filter(|s| !s.is_empty()).map(str::to_string);
    if skill_id.is_none() && !random {
        return Err(CsError::SkillChoiceMissing);
    }
    Ok(EndorseRequest {
        account_id: account_id.map(str::to_string),
        profile_id: public_id(profile_id.unwrap_or_default()),
        skill_id,
        random,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn connect_needs_an_id_or_a_urn_once_the_schema_passes() {
        assert!(matches!(
            connect(&json!({"profileId": ""})),
            Err(CsError::TargetMissing)
        ));
        assert!(matches!(
            connect(&json!({"profileUrn": "urn:x"})),
            Err(CsError::Zod(_))
        ));
        assert!(connect(&json!({"profileId": "a", "extra": [1]})).is_ok());
    }

    #[test]
    fn visitors_defaults_stay_unset_and_max_is_optional() {
        let r = visitors(&json!({"maxVisitors": 5}));
        assert!(matches!(
            r,
            Ok(VisitorsRequest {
                count: None,
                max_visitors: Some(5),
                ..
            })
        ));
        assert!(matches!(
            visitors(&json!({})),
            Ok(VisitorsRequest {
                max_visitors: None,
                ..
            })
        ));
        assert!(matches!(
            visitors(&json!({"maxVisitors": 0})),
            Err(CsError::Zod(_))
        ));
    }
}
