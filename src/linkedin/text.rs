//! Company-speak for descriptions, summaries and posts: `fake`'s catch
//! phrase and bs, drawn word by word from the same lists in the same order,
//! so the text is exactly what `fake` gives for the same generator. `fake`
//! fills a template with three `str::replace` passes, which was a quarter of
//! the time to generate a member.

use fake::faker::company::en::{BsAdj, BsNoun, BsVerb, Buzzword, BuzzwordMiddle, BuzzwordTail};
use fake::rand::Rng;
use fake::Fake;

/// `fake`'s `CatchPhrase` in English: "{Head} {Middle} {Tail}".
pub fn catch_phrase<R: Rng + ?Sized>(rng: &mut R) -> String {
    let head: &str = Buzzword().fake_with_rng(rng);
    let middle: &str = BuzzwordMiddle().fake_with_rng(rng);
    let tail: &str = BuzzwordTail().fake_with_rng(rng);
    [head, middle, tail].join(" ")
}

/// `fake`'s `Bs` in English: "{Verb} {Adj} {Noun}".
pub fn bs<R: Rng + ?Sized>(rng: &mut R) -> String {
    let verb: &str = BsVerb().fake_with_rng(rng);
    let adj: &str = BsAdj().fake_with_rng(rng);
    let noun: &str = BsNoun().fake_with_rng(rng);
    [verb, adj, noun].join(" ")
}

#[cfg(test)]
mod tests {
    use fake::faker::company::en::{Bs, CatchPhrase};
    use fake::rand::rngs::ChaCha8Rng;
    use fake::rand::SeedableRng;
    use fake::Fake;

    // Members, companies and posts must read the same as before the
    // shortcut (same seed, same text), so both draws are compared, and the
    // generator must be left where `fake` leaves it.
    #[test]
    fn phrases_are_the_ones_fake_draws_from_the_same_generator() {
        for seed in 0..500 {
            let mut ours = ChaCha8Rng::seed_from_u64(seed);
            let mut theirs = ChaCha8Rng::seed_from_u64(seed);
            assert_eq!(
                super::catch_phrase(&mut ours),
                CatchPhrase().fake_with_rng::<String, _>(&mut theirs)
            );
            assert_eq!(
                super::bs(&mut ours),
                Bs().fake_with_rng::<String, _>(&mut theirs)
            );
            assert_eq!(ours.get_word_pos(), theirs.get_word_pos());
        }
    }
}
