//! How ConnectSafely shows a [`Person`]: the seed 000 profile with the
//! account's own overlay (invitation sent, skills endorsed), and the seed 003
//! visitor card. Pure functions; the person comes from the shared generator,
//! so names, headline and location agree with every other provider (C-4).

use chrono::{DateTime, Utc};

use super::logic::Overlay;
use super::model::{
    ContactInfo, EducationItem, ExperienceItem, GeoLocation, Profile, ProfileLocation, SkillItem,
    Visitor, YearMonth,
};
use super::visitors::{viewed_ago, Visit};
use crate::linkedin::{Degree, Relationship};
use crate::people::Person;

/// Which optional parts of a profile were asked for.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    pub geo_location: bool,
    pub contact: bool,
}

/// The profile as this account sees it: degree and pending invitations
/// from the account's network (G-3), endorsements from its overlay.
pub fn profile(p: &Person, rel: Relationship, overlay: &Overlay, parts: Parts) -> Profile {
    let connected = rel.degree == Degree::First;
    Profile {
        first_name: p.first_name.to_string(),
        last_name: p.last_name.to_string(),
        headline: p.headline.to_string(),
        location: ProfileLocation {
            country_code: p.location.country_code.to_ascii_lowercase().into(),
            postal_code: p.location.postal_code.as_deref().map(str::to_string),
            geo_location_name: None,
            name: p.location.full(),
            city: p.location.city.to_string(),
        },
        entity_urn: p.urn.to_string(),
        public_identifier: p.handle.to_string(),
        profile_picture: p.profile_picture.to_string(),
        is_premium: p.is_premium,
        is_verified: p.is_verified,
        supports_free_email: p.supports_free_email,
        connection_count: p.connection_count,
        follower_count: p.follower_count,
        is_connected: connected,
        connection_degree: rel.degree.distance(),
        invitation_sent: overlay.invitation_sent,
        invitation_received: rel.invitation_received,
        geo_location: parts.geo_location.then(|| GeoLocation {
            city: p.location.city.to_string(),
            state: p.location.state.as_deref().map(str::to_string),
            country: p.location.country.to_string(),
            full_location: p.location.full(),
            birth_date: None,
        }),
        // Contact details are visible to 1st-degree connections only (decision).
        contact_info: (parts.contact && connected).then(|| ContactInfo {
            email: p.email.as_deref().map(str::to_string),
            phone: p.phone.as_deref().map(str::to_string),
        }),
        summary: p.summary.to_string(),
        experience: None,
    }
}

pub fn skills(p: &Person, overlay: &Overlay) -> Vec<SkillItem> {
    p.skills
        .iter()
        .map(|s| {
            let mine = overlay.endorsed.contains(s.id.as_str());
            SkillItem {
                skill_id: s.id.to_string(),
                name: s.name.to_string(),
                endorsement_count: s.endorsement_count + u32::from(mine),
                is_endorsed: mine,
            }
        })
        .collect()
}

pub fn experience(p: &Person) -> Vec<ExperienceItem> {
    p.experience()
        .iter()
        .map(|e| ExperienceItem {
            title: e.title.to_string(),
            company_name: e.company.to_string(),
            company: e.company.to_string(),
            duration: format!(
                "{} - {}",
                month_year(e.start_year, e.start_month),
                e.end_year
                    .zip(e.end_month)
                    .map_or("Present".to_string(), |(y, m)| month_year(y, m))
            ),
            location: e.location.to_string(),
            description: e.description.to_string(),
            start_date: YearMonth {
                year: e.start_year,
                month: e.start_month,
            },
            end_date: e
                .end_year
                .zip(e.end_month)
                .map(|(year, month)| YearMonth { year, month }),
            is_current: e.end_year.is_none(),
        })
        .collect()
}

/// "Apr 2021", as LinkedIn prints a position's dates.
fn month_year(year: i32, month: u32) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let m = MONTHS
        .get(usize::try_from(month.saturating_sub(1)).unwrap_or(0))
        .unwrap_or(&"Jan");
    format!("{m} {year}")
}

pub fn education(p: &Person) -> Vec<EducationItem> {
    p.education()
        .iter()
        .map(|e| EducationItem {
            school_name: e.school.to_string(),
            degree_name: e.degree.to_string(),
            field_of_study: e.field_of_study.to_string(),
            start_year: e.start_year,
            end_year: e.end_year,
        })
        .collect()
}

/// A visitor card; anonymous visitors show only where they work.
pub fn visitor(p: &Person, degree: Degree, visit: &Visit, now: DateTime<Utc>) -> Visitor {
    let viewed_at = viewed_ago(now, visit.at);
    if visit.anonymous {
        return Visitor {
            entity_urn: None,
            public_identifier: None,
            name: "LinkedIn Member".into(),
            headline: format!("Someone at {}", p.company),
            profile_picture: None,
            viewed_at,
            connection_degree: None,
            profile_url: None,
            navigation_url: None,
        };
    }
    Visitor {
        entity_urn: Some(p.urn.to_string()),
        public_identifier: Some(p.handle.to_string()),
        name: p.full_name(),
        headline: p.headline.to_string(),
        profile_picture: Some(p.profile_picture.to_string()),
        viewed_at,
        connection_degree: Some(degree.ordinal().into()),
        profile_url: Some(p.profile_url()),
        navigation_url: Some(p.profile_url()),
    }
}
