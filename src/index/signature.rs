//! An article's content signature: a MinHash over the shingles of its words, so that two
//! articles' share of common shingles (their Jaccard similarity) can be estimated from a few
//! hundred bytes each, and near-identical articles found by locality-sensitive hashing
//! ([`super::stories`]).
//!
//! The words are the article's folded word forms in text order (the exact field's tokens, stop
//! words included, so that `Außenminister` and `Aussenminister` agree and a changed credit or
//! one changed word touches only a few shingles). A shingle is [`SHINGLE_WORDS`] words in a row.
//! This file does not decide which articles are grouped.

/// Words in a shingle: three keep two different articles on one topic apart (they share words,
/// rarely three in a row) while a changed word breaks only three shingles.
pub const SHINGLE_WORDS: usize = 3;
/// Minimum hashes per signature: the estimate's standard error at a Jaccard similarity of 0.6
/// is about 0.06.
pub const HASHES: usize = 60;
/// Bytes of a stored signature.
pub const SIGNATURE_BYTES: usize = HASHES * 4;

/// The seeds of the [`HASHES`] hash functions, fixed so that signatures of one index compare.
const SEEDS: [u64; HASHES] = seeds();

const fn seeds() -> [u64; HASHES] {
    let mut seeds = [0; HASHES];
    let mut state = 0x005e_ed0f_a7c1_11e5_u64;
    let mut i = 0;
    while i < HASHES {
        state = splitmix(state.wrapping_add(0x9e37_79b9_7f4a_7c15));
        seeds[i] = state;
        i += 1;
    }
    seeds
}

/// The finaliser of SplitMix64: a fast mix in which every input bit moves every output bit.
const fn splitmix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// A MinHash signature: per hash function, the least hash of the article's shingles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(pub [u32; HASHES]);

impl Signature {
    /// The estimated Jaccard similarity of the two articles' shingle sets: the share of hash
    /// functions whose least values agree.
    pub fn similarity(&self, other: &Signature) -> f32 {
        let same = self.0.iter().zip(&other.0).filter(|(a, b)| a == b).count();
        same as f32 / HASHES as f32
    }

    /// The signature as stored in the index: little-endian `u32`s.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0.iter().flat_map(|hash| hash.to_le_bytes()).collect()
    }

    /// A stored signature; `None` if `bytes` is not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_BYTES {
            return None;
        }
        let mut hashes = [0; HASHES];
        for (hash, chunk) in hashes.iter_mut().zip(bytes.chunks_exact(4)) {
            *hash = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Some(Signature(hashes))
    }
}

/// Builds a signature from an article's words, one at a time.
#[derive(Debug, Clone)]
pub struct SignatureBuilder {
    /// The hashes of the last words, oldest first.
    window: [u64; SHINGLE_WORDS],
    words: usize,
    mins: [u32; HASHES],
}

impl Default for SignatureBuilder {
    fn default() -> Self {
        SignatureBuilder {
            window: [0; SHINGLE_WORDS],
            words: 0,
            mins: [u32::MAX; HASHES],
        }
    }
}

impl SignatureBuilder {
    /// Adds the next word of the article (a folded word form).
    pub fn word(&mut self, word: &str) {
        self.window.rotate_left(1);
        self.window[SHINGLE_WORDS - 1] = xxhash_rust::xxh3::xxh3_64(word.as_bytes());
        self.words += 1;
        if self.words >= SHINGLE_WORDS {
            self.shingle(SHINGLE_WORDS);
        }
    }

    fn shingle(&mut self, words: usize) {
        let shingle = self.window[SHINGLE_WORDS - words..]
            .iter()
            .fold(0u64, |hash, word| splitmix(hash.rotate_left(23) ^ word));
        lower_mins(&mut self.mins, shingle);
    }

    /// The signature of the words given; `None` for an article without words. An article of
    /// fewer words than a shingle has them as its one shingle.
    pub fn finish(mut self) -> Option<Signature> {
        match self.words {
            0 => None,
            words if words < SHINGLE_WORDS => {
                self.shingle(words);
                Some(Signature(self.mins))
            }
            _ => Some(Signature(self.mins)),
        }
    }
}

/// Lowers each seed's minimum to that seed's hash of `shingle`: the upper half of a mixed
/// 64-bit value, an independent hash per seed.
///
/// The same loop is compiled again for CPUs with AVX-512 or AVX2 and chosen at run time: the
/// baseline x86-64 has no vector 64-bit multiply, so there each of the [`HASHES`] mixes runs
/// alone, and this loop was a twentieth of indexing. Every version gives the same minimums.
fn lower_mins(mins: &mut [u32; HASHES], shingle: u64) {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512dq")
        {
            // SAFETY: the CPU has the features the function is compiled for.
            return unsafe { lower_mins_avx512(mins, shingle) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: as above.
            return unsafe { lower_mins_avx2(mins, shingle) };
        }
    }
    lower_mins_anywhere(mins, shingle);
}

#[inline(always)]
fn lower_mins_anywhere(mins: &mut [u32; HASHES], shingle: u64) {
    for (min, seed) in mins.iter_mut().zip(SEEDS) {
        let hash = (splitmix(shingle ^ seed) >> 32) as u32;
        *min = (*min).min(hash);
    }
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,avx512dq")]
fn lower_mins_avx512(mins: &mut [u32; HASHES], shingle: u64) {
    lower_mins_anywhere(mins, shingle);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn lower_mins_avx2(mins: &mut [u32; HASHES], shingle: u64) {
    lower_mins_anywhere(mins, shingle);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signature(text: &str) -> Option<Signature> {
        let mut builder = SignatureBuilder::default();
        for word in text.split_whitespace() {
            builder.word(word);
        }
        builder.finish()
    }

    const BASE: &str = "die regierung hat am montag in wien ein neues gesetz vorgestellt das die \
        mieten in der stadt begrenzen soll die opposition kritisiert den entwurf als zu zaghaft \
        und fordert eine obergrenze fur alle wohnungen die alter als dreissig jahre sind der \
        burgermeister begrusst den vorschlag und kundigt weitere schritte im herbst an";

    #[test]
    fn estimates_similarity_near_the_true_jaccard() {
        let cases = [
            // (other text, lowest and highest acceptable estimate)
            (BASE.to_string(), 1.0, 1.0),
            (
                format!("{BASE} das sagte ein sprecher am dienstag"),
                0.75,
                1.0,
            ),
            (BASE.replace("montag", "dienstag"), 0.75, 1.0),
            (
                "der fussball verein gewann das spiel am samstag mit drei zu null und steht \
                 nun an der spitze der tabelle vor dem rivalen aus graz"
                    .to_string(),
                0.0,
                0.1,
            ),
        ];
        let base = signature(BASE).expect("words");
        for (other, low, high) in cases {
            let estimate = base.similarity(&signature(&other).expect("words"));
            assert!(
                (low..=high).contains(&estimate),
                "{estimate} not in {low}..={high} for {other}"
            );
        }
    }

    /// The versions for other CPUs give the portable loop's minimums.
    #[test]
    fn every_version_lowers_the_same_minimums() {
        let mut expected = [u32::MAX; HASHES];
        let mut got = expected;
        for shingle in (0..1000u64).map(|i| splitmix(i.wrapping_mul(0x9e37_79b9))) {
            lower_mins_anywhere(&mut expected, shingle);
            lower_mins(&mut got, shingle);
            assert_eq!(got, expected);
        }
        #[cfg(target_arch = "x86_64")]
        {
            let mut avx2 = [u32::MAX; HASHES];
            if std::arch::is_x86_feature_detected!("avx2") {
                for shingle in 0..1000u64 {
                    // SAFETY: the CPU has AVX2.
                    unsafe { lower_mins_avx2(&mut avx2, splitmix(shingle)) };
                }
                let mut portable = [u32::MAX; HASHES];
                (0..1000u64)
                    .for_each(|shingle| lower_mins_anywhere(&mut portable, splitmix(shingle)));
                assert_eq!(avx2, portable);
            }
        }
    }

    #[test]
    fn short_and_empty_texts() {
        assert_eq!(signature(""), None);
        let one = signature("meldung").expect("one word");
        assert_eq!(one, signature("meldung").expect("one word"));
        assert!(one.similarity(&signature("andere").expect("one word")) < 0.1);
    }

    #[test]
    fn bytes_round_trip_and_wrong_lengths_are_refused() {
        let base = signature(BASE).expect("words");
        assert_eq!(Signature::from_bytes(&base.to_bytes()), Some(base.clone()));
        let bytes = base.to_bytes();
        for wrong in [&bytes[..0], &bytes[..SIGNATURE_BYTES - 1]] {
            assert_eq!(Signature::from_bytes(wrong), None);
        }
    }
}
