//! The LinkedIn side of ConnectSafely's accounts: which member each account
//! is. Kept in one place so the routes do not care where it comes from.

use std::sync::Arc;

use fake::faker::name::en::{FirstName, LastName};
use fake::rand::rngs::ChaCha8Rng;
use fake::rand::{RngExt, SeedableRng};
use fake::Fake;

use crate::people::Person;
use crate::state::World;

/// The member an account logs in as: a pure function of (seed, account id),
/// named like any member (`priya-sharma-5a1b2c3d`), so its profile fetched
/// through any route or provider is the same person.
pub fn own_handle(seed: u64, account_id: &str) -> String {
    let mut rng = ChaCha8Rng::seed_from_u64(xxhash_rust::xxh3::xxh3_64_with_seed(
        account_id.as_bytes(),
        seed ^ 0x6f77_6e5f_6d65_6d62,
    ));
    let part = |s: String, fallback: &str| {
        let p: String = s
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(9)
            .collect::<String>()
            .to_ascii_lowercase();
        if p.len() < 2 {
            fallback.to_string()
        } else {
            p
        }
    };
    let first = part(FirstName().fake_with_rng(&mut rng), "sam");
    let last = part(LastName().fake_with_rng(&mut rng), "lee");
    let tail: u32 = rng.random();
    format!("{first}-{last}-{tail:08x}")
}

pub fn own_member(world: &World, account_id: &str) -> Arc<Person> {
    world
        .people
        .person(&own_handle(world.scenario.seed, account_id))
}
