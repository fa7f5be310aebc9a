//! Like Post and Comment Post (outx.md §3.3–§3.4): the team's acting admin
//! reacts to or comments on a LinkedIn post given by its activity URN. The
//! reaction or comment is recorded on the shared post (so every provider's
//! counts and comment lists show it), and on any of the team's watchlist
//! posts with that URN (so `/api-interactions` shows it too).

use actix_web::post;
use serde_json::{json, Value};

use crate::state::World;

use super::{acting_admin, body_object, required_str, TaskRequest, NO_ADMIN};
use crate::providers::outx::error::{bad, OutxError};
use crate::providers::outx::feed::{self, InteractionKind};
use crate::providers::outx::li;
use crate::providers::outx::model::ErrorBody;
use crate::providers::outx::tasks::{Input, Outcome, Task};
use crate::providers::outx::teams::{Member, Team};

const INVALID_URN: &str = "Missing or invalid 'social_urn'";
const INVALID_TEXT: &str = "Missing or invalid 'comment_text'";
/// LinkedIn's comment length limit.
pub const MAX_COMMENT_CHARS: usize = 1_250;

fn social_urn(m: &serde_json::Map<String, Value>) -> Result<String, OutxError> {
    let urn = required_str(m, "social_urn")?;
    if li::is_post_urn(&urn) {
        Ok(urn)
    } else {
        Err(bad(INVALID_URN))
    }
}

task_route! {
    /// Like Post: queues a like of a post by its activity URN, from the team's
    /// oldest admin's LinkedIn account.
    ///
    /// Completed `task_output`: `{"liked": true, "social_urn"}`; liking a post
    /// already liked completes the same way. A URN of no post ends `failed`.
    #[post("/linkedin-agent/like-post")]
    like_post: LikePost,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "social_urn": "urn:li:activity:7123456789012345678" })),
    responses(
        (status = 400, description = "`social_urn` missing or not an activity URN", body = ErrorBody,
            example = json!({ "error": INVALID_URN })),
        (status = 404, description = "The team has no admin", body = ErrorBody,
            example = json!({ "error": NO_ADMIN })),
    )
}

struct LikePost {
    urn: String,
    admin: Member,
}

impl TaskRequest for LikePost {
    const CREATED: &'static str = "Like post task created successfully";

    fn parse(body: &[u8], team: &Team) -> Result<Self, OutxError> {
        let urn = social_urn(&body_object(body))?;
        let admin = acting_admin(team)?.clone();
        Ok(LikePost { urn, admin })
    }

    fn start(self, world: &World, team: &Team) -> Result<(Input, Outcome), OutxError> {
        let LikePost { urn, admin } = self;
        let outcome = match li::react(world, &admin.linkedin, &urn, world.now()) {
            Ok(()) => {
                feed::record_on_watchlists(world, team, &admin, &urn, InteractionKind::Like, None);
                Outcome::Done(None)
            }
            Err(e) => Outcome::Failed(e),
        };
        Ok((Input::LikePost { social_urn: urn }, outcome))
    }
}

pub fn like_output(social_urn: &str) -> Value {
    json!({ "liked": true, "social_urn": social_urn })
}

task_route! {
    /// Comment Post: queues a comment on a post by its activity URN, from the
    /// team's oldest admin's LinkedIn account.
    ///
    /// Completed `task_output`: `{"commented": true, "social_urn", "comment_urn"}`.
    /// A URN of no post ends `failed`.
    #[post("/linkedin-agent/comment-post")]
    comment_post: CommentPost,
    request_body(content = Object, content_type = "application/json",
        example = json!({ "social_urn": "urn:li:activity:7123456789012345678", "comment_text": "Great insight!" })),
    responses(
        (status = 400, description = "`social_urn` or `comment_text` missing or invalid", body = ErrorBody,
            examples(
                    ("urn" = (value = json!({ "error": INVALID_URN }))),
                    ("text" = (value = json!({ "error": INVALID_TEXT })))
            )),
        (status = 404, description = "The team has no admin", body = ErrorBody,
            example = json!({ "error": NO_ADMIN })),
    )
}

struct CommentPost {
    urn: String,
    text: String,
    admin: Member,
}

impl TaskRequest for CommentPost {
    const CREATED: &'static str = "Comment post task created successfully";

    fn parse(body: &[u8], team: &Team) -> Result<Self, OutxError> {
        let m = body_object(body);
        let urn = social_urn(&m)?;
        let text = required_str(&m, "comment_text").map_err(|_| bad(INVALID_TEXT))?;
        if text.chars().count() > MAX_COMMENT_CHARS {
            return Err(bad(format!(
                "Comment text is too long (max {MAX_COMMENT_CHARS} characters)"
            )));
        }
        let admin = acting_admin(team)?.clone();
        Ok(CommentPost { urn, text, admin })
    }

    fn start(self, world: &World, team: &Team) -> Result<(Input, Outcome), OutxError> {
        let CommentPost { urn, text, admin } = self;
        let outcome = match li::comment(world, &admin.linkedin, &urn, &text, world.now()) {
            Ok(comment_urn) => {
                feed::record_on_watchlists(
                    world,
                    team,
                    &admin,
                    &urn,
                    InteractionKind::Comment,
                    Some(text.clone()),
                );
                Outcome::Done(Some(json!({ "comment_urn": comment_urn })))
            }
            Err(e) => Outcome::Failed(e),
        };
        let input = Input::CommentPost {
            social_urn: urn,
            comment_text: text,
        };
        Ok((input, outcome))
    }
}

pub fn comment_output(_world: &World, social_urn: &str, _task: &Task) -> Value {
    json!({ "commented": true, "social_urn": social_urn })
}
