//! Wire types of the posts, search and groups routes (catalog §3.E–3.G, §4):
//! the fields the provider's own clients read, under their names, plus the
//! paging fields of the catalog's offset style. OpenAPI names carry the
//! `Cs` prefix. Request types document the schemas; requests are read by
//! validation (`posts_input`, `search_input`, `groups`), never deserialized.

use serde::Serialize;
use utoipa::ToSchema;

// ------------------------------------------------------------------ shared

/// Offset paging: where this page starts, how many it holds, how many match.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsPage)]
pub struct Page {
    pub start: u64,
    pub count: u64,
    pub total: u64,
}

/// Who wrote a post or comment: a member, or a company page.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsAuthor)]
pub struct Author {
    #[schema(example = "Jane Roe")]
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    /// The member's public id, or the company's universal name.
    #[schema(example = "jane-roe")]
    pub public_identifier: String,
    #[schema(example = "urn:li:fsd_profile:ACoAAFpqSoMB8vTqRbg4mN_wbabO8w0gjgFu-6o")]
    pub profile_urn: String,
    #[schema(example = "https://www.linkedin.com/in/jane-roe/")]
    pub profile_url: String,
    pub headline: String,
    /// `MEMBER` or `COMPANY`.
    #[schema(example = "MEMBER")]
    pub r#type: String,
}

// ------------------------------------------------------------------ posts

/// A post as `/posts/latest` and `/posts/search` list it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPost)]
pub struct Post {
    #[schema(example = "urn:li:activity:7450000000000000000")]
    pub urn: String,
    #[schema(example = "7450000000000000000")]
    pub activity_id: String,
    #[schema(example = "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000")]
    pub url: String,
    pub content: String,
    pub author: Author,
    pub num_likes: u64,
    pub num_comments: u64,
    pub num_shares: u64,
    pub is_repost: bool,
    /// When it was posted, ISO 8601.
    #[schema(example = "2024-01-15T09:12:00.000Z")]
    pub timestamp: String,
    /// `none`, `image`, `video`, `document` or `article`.
    #[schema(example = "none")]
    pub media_type: String,
    /// This account's own reaction, or null.
    #[schema(required = true)]
    pub my_reaction: Option<String>,
}

/// `POST /linkedin/posts/latest`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsLatestPostsRequest)]
pub struct LatestPostsRequest {
    pub account_id: Option<String>,
    /// Public id or profile URL (this or `profileUrn`).
    #[schema(example = "jane-roe")]
    pub profile_id: Option<String>,
    pub profile_urn: Option<String>,
    /// 1–20, default 10.
    #[schema(minimum = 1, maximum = 20, example = 5)]
    pub count: Option<u64>,
    /// Default true.
    pub include_reposts: Option<bool>,
}

/// 200 of `/posts/latest`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsLatestPostsResponse)]
pub struct LatestPostsResponse {
    pub success: bool,
    #[schema(example = "jane-roe")]
    pub profile_id: String,
    pub profile_urn: String,
    pub posts: Vec<Post>,
    pub count: u64,
}

/// `POST /linkedin/posts/react`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsReactRequest)]
pub struct ReactRequest {
    pub account_id: Option<String>,
    #[schema(example = "https://www.linkedin.com/feed/update/urn:li:activity:7450000000000000000")]
    pub post_url: String,
    /// `LIKE`, `PRAISE`, `EMPATHY`, `INTEREST`, `APPRECIATION` or `ENTERTAINMENT`.
    #[schema(example = "LIKE")]
    pub reaction_type: String,
}

/// 200 of `/posts/react`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsReactResponse)]
pub struct ReactResponse {
    pub success: bool,
    #[schema(example = "Reaction added successfully")]
    pub message: String,
    pub post_urn: String,
    #[schema(example = "LIKE")]
    pub reaction_type: String,
    /// The reaction this one replaced, or null.
    #[schema(required = true)]
    pub previous_reaction: Option<String>,
    pub num_likes: u64,
}

/// `POST /linkedin/posts/comment`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCommentRequest)]
pub struct CommentRequest {
    pub account_id: Option<String>,
    pub post_url: String,
    /// 1–1250 characters.
    #[schema(
        example = "Great insight, thanks for sharing!",
        min_length = 1,
        max_length = 1250
    )]
    pub comment: String,
    /// Mention the post's author at the start.
    pub tag_post_author: Option<bool>,
    /// Comment as this page (`urn:li:organization:<id>`); the account must manage it.
    pub company_urn: Option<String>,
}

/// A comment, with both the flat fields and the nested `author` the
/// cookbook workflows read.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsComment)]
pub struct Comment {
    #[schema(example = "urn:li:comment:(urn:li:activity:7450000000000000000,7450000000000000123)")]
    pub comment_urn: String,
    pub comment_text: String,
    #[schema(example = "John Doe")]
    pub author_name: String,
    #[schema(example = "john-doe")]
    pub public_identifier: String,
    #[schema(example = "https://www.linkedin.com/in/john-doe/")]
    pub profile_url: String,
    pub profile_urn: String,
    pub author_headline: String,
    pub author: Author,
    #[schema(example = "2024-01-15T09:30:00.000Z")]
    pub created_at: String,
    pub num_likes: u64,
}

/// 200 of `/posts/comment`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCommentResponse)]
pub struct CommentResponse {
    pub success: bool,
    #[schema(example = "Comment posted successfully")]
    pub message: String,
    pub post_urn: String,
    pub comment_urn: String,
    pub comment: Comment,
}

/// `POST /linkedin/posts/comments`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCommentsRequest)]
pub struct CommentsRequest {
    pub account_id: Option<String>,
    pub post_url: String,
    /// Page size 1–100, default 50.
    #[schema(minimum = 1, maximum = 100)]
    pub comment_count: Option<u64>,
    #[schema(minimum = 0)]
    pub start: Option<u64>,
    /// `nextPaginationToken` of the previous page; wins over `start`.
    pub pagination_token: Option<String>,
    /// 10–5000, default 1000: the most this call returns.
    #[schema(minimum = 10, maximum = 5000)]
    pub max_comments: Option<u64>,
    /// 10–100, default 50.
    #[schema(minimum = 10, maximum = 100)]
    pub batch_size: Option<u64>,
}

/// 200 of `/posts/comments`: one page, oldest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCommentsResponse)]
pub struct CommentsResponse {
    pub success: bool,
    pub post_urn: String,
    pub comments: Vec<Comment>,
    pub pagination: Page,
    pub has_more: bool,
    /// Give it back as `paginationToken` for the next page; null at the end.
    #[schema(required = true)]
    pub next_pagination_token: Option<String>,
}

/// `POST /linkedin/posts/comments/all`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsAllCommentsRequest)]
pub struct AllCommentsRequest {
    pub account_id: Option<String>,
    pub post_url: String,
    /// 10–5000, default 1000.
    #[schema(minimum = 10, maximum = 5000)]
    pub max_comments: Option<u64>,
    /// 10–100, default 50.
    #[schema(minimum = 10, maximum = 100)]
    pub batch_size: Option<u64>,
}

/// 200 of `/posts/comments/all`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsAllCommentsResponse)]
pub struct AllCommentsResponse {
    pub success: bool,
    pub post_urn: String,
    pub comments: Vec<Comment>,
    /// Comments returned.
    pub count: u64,
    /// Comments on the post.
    pub total: u64,
    /// More comments exist than `maxComments` allowed.
    pub has_more: bool,
    /// Pages of `batchSize` fetched.
    pub batches: u64,
}

/// `POST /linkedin/posts/search`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPostSearchRequest)]
pub struct PostSearchRequest {
    pub account_id: Option<String>,
    #[schema(example = "AI agents", min_length = 1)]
    pub keywords: String,
    /// 1–500, default 50.
    #[schema(minimum = 1, maximum = 500)]
    pub count: Option<u64>,
    #[schema(minimum = 0)]
    pub start: Option<u64>,
    /// `past-24h`, `past-week`, `past-month`, `any-time` (default).
    pub date_posted: Option<String>,
    /// `relevance` (default) or `date_posted`.
    pub sort_by: Option<String>,
    /// At most 5; the author's current title must contain one.
    pub author_job_titles: Option<Vec<String>>,
}

/// 200 of `/posts/search`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPostSearchResponse)]
pub struct PostSearchResponse {
    pub success: bool,
    pub keywords: String,
    pub posts: Vec<Post>,
    pub pagination: Page,
    pub has_more: bool,
}

/// `POST /linkedin/posts/scrape`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsScrapeRequest)]
pub struct ScrapeRequest {
    #[schema(
        example = "https://www.linkedin.com/posts/jane-roe_topic-activity-7450000000000000000-abcd"
    )]
    pub post_url: String,
}

/// 200 of `/posts/scrape`: wrapped in `data`, as the N8N node reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsScrapeResponse)]
pub struct ScrapeResponse {
    pub success: bool,
    pub data: ScrapedPost,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsScrapedPost)]
pub struct ScrapedPost {
    pub urn: String,
    pub url: String,
    pub content: String,
    pub author: Author,
    pub engagement: Engagement,
    pub media: Media,
    #[schema(example = "2024-01-15T09:12:00.000Z")]
    pub posted_at: String,
    pub is_repost: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsEngagement)]
pub struct Engagement {
    /// Every reaction counts as a like here, as on the post page.
    pub likes: u64,
    pub comments: u64,
    pub shares: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsMedia)]
pub struct Media {
    pub has_images: bool,
    pub has_video: bool,
    pub has_document: bool,
    /// `none`, `image`, `video`, `document` or `article`.
    pub r#type: String,
}

/// `POST /linkedin/posts/create`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCreatePostRequest)]
pub struct CreatePostRequest {
    pub account_id: Option<String>,
    #[schema(max_length = 3000, example = "Shipping our new release today!")]
    pub text: String,
    /// `PUBLIC` (default), `CONNECTIONS` or `LOGGED_IN`.
    pub visibility: Option<String>,
    /// `none` (default), `image` (carousels too), `video` or `document`.
    pub media_type: Option<String>,
    /// One asset from `/posts/upload/init` (image, video, document).
    pub asset_urn: Option<String>,
    /// A carousel: 2–9 `{"assetUrn": …}` (image only; not with `assetUrn`).
    #[schema(value_type = Option<Vec<Object>>)]
    pub asset_urns: Option<Vec<serde_json::Value>>,
    pub alt_text: Option<String>,
    #[schema(value_type = Option<Vec<String>>)]
    pub recipes: Option<Vec<serde_json::Value>>,
    /// Required for a document.
    pub title: Option<String>,
}

/// 200 of `/posts/create`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCreatePostResponse)]
pub struct CreatePostResponse {
    pub success: bool,
    #[schema(example = "Post created successfully")]
    pub message: String,
    #[schema(example = "urn:li:activity:7450000000000000000")]
    pub post_urn: String,
    pub post_url: String,
    pub visibility: String,
    pub media_type: String,
}

// ------------------------------------------------------------------ search

/// `POST /linkedin/search/people` (and `/v2`): the flat style
/// (`keywords`, `location`, `title`, `limit`) and the filter style (`count`,
/// `filters`) are both read.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPeopleSearchRequest)]
pub struct PeopleSearchRequest {
    pub account_id: Option<String>,
    /// Words to match (name, headline, title, company); `A OR B` matches either.
    #[schema(example = "Engineering Manager OR CTO")]
    pub keywords: Option<String>,
    /// Flat style: free text (`United States`) or a geo id from `/search/geo`.
    pub location: Option<String>,
    /// Flat style: words of the current title.
    pub title: Option<String>,
    /// Flat style page size, 1–100 (default 100).
    #[schema(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// Filter style page size, 1–100; wins over `limit`.
    #[schema(minimum = 1, maximum = 100)]
    pub count: Option<u64>,
    #[schema(minimum = 0)]
    pub start: Option<u64>,
    pub filters: Option<PeopleFilters>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPeopleFilters)]
pub struct PeopleFilters {
    /// Numeric company ids (`/search/companies/details`).
    #[schema(example = json!(["1441"]))]
    pub current_company_ids: Option<Vec<String>>,
    /// `F` 1st, `S` 2nd, `O` 3rd+.
    #[schema(example = json!(["S", "O"]))]
    pub connection_degree: Option<Vec<String>>,
    /// Company name.
    pub company: Option<String>,
    pub title: Option<String>,
    /// A geo id from `/search/geo`.
    pub location_id: Option<String>,
}

/// A person as the search routes list them.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPersonCard)]
pub struct PersonCard {
    /// The public id (what `/profile` takes).
    #[schema(example = "jane-roe")]
    pub profile_id: String,
    #[schema(example = "jane-roe")]
    pub public_identifier: String,
    pub profile_urn: String,
    #[schema(example = "https://www.linkedin.com/in/jane-roe/")]
    pub profile_url: String,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub headline: String,
    #[schema(example = "Head of Growth")]
    pub current_position: String,
    pub current_company: CompanyRef,
    /// Plain text here (unlike `/profile`).
    #[schema(example = "Austin, Texas, United States")]
    pub location: String,
    /// `1st`, `2nd` or `3rd`.
    #[schema(example = "2nd")]
    pub connection_degree: String,
    pub is_premium: bool,
    pub is_open_to_work: bool,
    pub profile_picture: String,
    pub mutual_connections_count: u32,
}

/// 200 of `/search/people` and `/search/people/v2`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsPeopleSearchResponse)]
pub struct PeopleSearchResponse {
    pub success: bool,
    pub people: Vec<PersonCard>,
    pub pagination: Page,
    pub has_more: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCompanyRef)]
pub struct CompanyRef {
    #[schema(example = "1441")]
    pub id: String,
    #[schema(example = "Acme")]
    pub name: String,
    #[schema(example = "acme")]
    pub universal_name: String,
}

/// `POST /linkedin/search/geo`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsGeoSearchRequest)]
pub struct GeoSearchRequest {
    #[schema(example = "Australia", min_length = 1)]
    pub keywords: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGeoLocationHit)]
pub struct GeoHit {
    #[schema(example = "101452733")]
    pub id: String,
    #[schema(example = "101452733")]
    pub geo_id: String,
    #[schema(example = "Australia")]
    pub name: String,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "AU")]
    pub country: String,
    /// `COUNTRY`, `REGION` or `CITY`.
    #[schema(example = "COUNTRY")]
    pub r#type: String,
}

/// 200 of `/search/geo`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsGeoSearchResponse)]
pub struct GeoSearchResponse {
    pub success: bool,
    pub locations: Vec<GeoHit>,
}

/// `POST /linkedin/search/jobs`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsJobSearchRequest)]
pub struct JobSearchRequest {
    pub account_id: Option<String>,
    #[schema(example = "Software Engineer")]
    pub keywords: String,
    /// 1–100, default 25.
    #[schema(minimum = 1, maximum = 100)]
    pub count: Option<u64>,
    #[schema(minimum = 0)]
    pub start: Option<u64>,
    pub filters: Option<JobFilters>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsJobFilters)]
pub struct JobFilters {
    /// `past-24-hours`, `past-week`, `past-month` or `any-time`.
    #[schema(example = "past-week")]
    pub date_posted: Option<String>,
    /// A geo id from `/search/geo`.
    #[schema(example = "101452733")]
    pub location_id: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsJob)]
pub struct Job {
    #[schema(example = "4100000000")]
    pub id: String,
    pub title: String,
    pub company: CompanyRef,
    pub company_id: String,
    pub company_name: String,
    #[schema(example = "Sydney, New South Wales, Australia")]
    pub location: String,
    pub geo_id: String,
    pub description: String,
    #[schema(example = "2024-01-14T08:00:00.000Z")]
    pub posted_at: String,
    pub job_url: String,
}

/// 200 of `/search/jobs`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsJobSearchResponse)]
pub struct JobSearchResponse {
    pub success: bool,
    pub jobs: Vec<Job>,
    pub total: u64,
    pub pagination: Page,
    pub has_more: bool,
}

/// `POST /linkedin/search/companies/details`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCompanyDetailsRequest)]
pub struct CompanyDetailsRequest {
    pub account_id: Option<String>,
    /// Numeric id or universal name.
    #[schema(example = "1441", min_length = 1)]
    pub company_id: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsCompany)]
pub struct Company {
    #[schema(example = "1441")]
    pub id: String,
    pub name: String,
    pub universal_name: String,
    pub description: String,
    pub website: String,
    pub industry: String,
    pub employee_count: u64,
    pub follower_count: u64,
    pub headquarters: String,
    pub url: String,
}

/// 200 of `/search/companies/details`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(as = CsCompanyDetailsResponse)]
pub struct CompanyDetailsResponse {
    pub success: bool,
    pub company: Company,
}

// ------------------------------------------------------------------ groups

/// `POST /linkedin/groups/members`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupMembersRequest)]
pub struct GroupMembersRequest {
    pub account_id: Option<String>,
    #[schema(example = "9357376")]
    pub group_id: String,
    /// 1–100, default 50.
    #[schema(minimum = 1, maximum = 100)]
    pub count: Option<u64>,
    #[schema(minimum = 0)]
    pub start: Option<u64>,
    /// `OWNER`, `MANAGER`, `MEMBER` (default: all three).
    pub membership_statuses: Option<Vec<String>>,
    /// Name filter.
    pub typeahead_query: Option<String>,
}

/// `POST /linkedin/groups/members-by-url`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupMembersByUrlRequest)]
pub struct GroupMembersByUrlRequest {
    pub account_id: Option<String>,
    #[schema(example = "https://www.linkedin.com/groups/9357376/")]
    pub group_url: String,
    #[schema(minimum = 1, maximum = 100)]
    pub count: Option<u64>,
    #[schema(minimum = 0)]
    pub start: Option<u64>,
    pub membership_statuses: Option<Vec<String>>,
    pub typeahead_query: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupMember)]
pub struct GroupMember {
    /// The member id (`ACoAA…`), as in the catalog's example.
    pub profile_id: String,
    #[schema(example = "jane-roe")]
    pub public_identifier: String,
    pub profile_urn: String,
    pub first_name: String,
    pub last_name: String,
    pub full_name: String,
    pub headline: String,
    pub profile_url: String,
    pub profile_picture: String,
    pub follower_count: u32,
    pub is_premium: bool,
    pub is_verified: bool,
    /// `premium` and/or `verified`.
    pub badges: Vec<String>,
    /// This account and the member: `CONNECTED`, `INVITATION_SENT` or `NOT_CONNECTED`.
    #[schema(example = "NOT_CONNECTED")]
    pub relationship_status: String,
    /// `OWNER`, `MANAGER` or `MEMBER`.
    #[schema(example = "MEMBER")]
    pub membership_status: String,
    /// The group's owner.
    pub creator: bool,
}

/// 200 of the group-members routes.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupMembersResponse)]
pub struct GroupMembersResponse {
    pub success: bool,
    #[schema(example = "696ce9e780e0483585e4e553")]
    pub account_id: String,
    /// Echoed by `/groups/members-by-url` only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_url: Option<String>,
    #[schema(example = "9357376")]
    pub group_id: String,
    pub group_name: String,
    pub members: Vec<GroupMember>,
    pub pagination: Page,
    pub has_more: bool,
}

/// `POST /linkedin/groups/resolve`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupResolveRequest)]
pub struct GroupResolveRequest {
    #[schema(example = "https://www.linkedin.com/groups/9357376/")]
    pub group_url: String,
}

/// 200 of `/groups/resolve`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(as = CsGroupResolveResponse)]
pub struct GroupResolveResponse {
    pub success: bool,
    #[schema(example = "9357376")]
    pub group_id: String,
    pub group_url: String,
    pub group_name: String,
    pub member_count: u64,
}
