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
    catch_phrase_words(rng).join(" ")
}

/// `fake`'s `Bs` in English: "{Verb} {Adj} {Noun}".
pub fn bs<R: Rng + ?Sized>(rng: &mut R) -> String {
    bs_words(rng).join(" ")
}

/// The words of a [`catch_phrase`], for text that embeds one.
pub fn catch_phrase_words<R: Rng + ?Sized>(rng: &mut R) -> [&'static str; 3] {
    let head: &'static str = Buzzword().fake_with_rng(rng);
    let middle: &'static str = BuzzwordMiddle().fake_with_rng(rng);
    let tail: &'static str = BuzzwordTail().fake_with_rng(rng);
    [head, middle, tail]
}

/// The words of a [`bs`], for text that embeds one.
pub fn bs_words<R: Rng + ?Sized>(rng: &mut R) -> [&'static str; 3] {
    let verb: &'static str = BsVerb().fake_with_rng(rng);
    let adj: &'static str = BsAdj().fake_with_rng(rng);
    let noun: &'static str = BsNoun().fake_with_rng(rng);
    [verb, adj, noun]
}

/// Text made of `parts` end to end, each a `&str` or a run of words joined
/// by spaces, sized once: member text is built this way rather than through
/// `format!`, whose machinery was most of the cost of writing it.
pub fn concat<const N: usize>(parts: [Part<'_>; N]) -> compact_str::CompactString {
    let len = parts.iter().map(Part::len).sum();
    let mut out = compact_str::CompactString::with_capacity(len);
    for part in parts {
        match part {
            Part::Str(s) => out.push_str(s),
            Part::Words(w) => {
                for (i, word) in w.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    out.push_str(word);
                }
            }
        }
    }
    out
}

/// A piece of [`concat`]'s text.
#[derive(Debug, Clone, Copy)]
pub enum Part<'a> {
    Str(&'a str),
    Words(&'a [&'a str]),
}

impl Part<'_> {
    fn len(&self) -> usize {
        match self {
            Part::Str(s) => s.len(),
            Part::Words(w) => w.iter().map(|x| x.len()).sum::<usize>() + w.len().saturating_sub(1),
        }
    }
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

    #[test]
    fn concat_joins_strings_and_words_as_format_would() {
        use super::{concat, Part};
        let words = ["synergize", "scalable", "paradigms"];
        let t = concat([Part::Str("Worked to "), Part::Words(&words), Part::Str(".")]);
        assert_eq!(t, format!("Worked to {}.", words.join(" ")));
        assert_eq!(concat([Part::Words(&[]), Part::Str("")]), "");
        assert_eq!(
            concat([
                Part::Words(&["a"]),
                Part::Str("|"),
                Part::Words(&["b", "c"])
            ]),
            "a|b c"
        );
    }
}
