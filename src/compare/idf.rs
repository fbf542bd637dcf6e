//! Inverse document frequencies: the background table from a large news
//! corpus (`assets/df.tsv.gz`, built by `tools/build_df.sh`) blended with the
//! loaded corpus's own counts. On five articles the corpus alone cannot tell
//! "police" (everywhere in news) from "ambush" (rare); the background can.

/// Fast hashing: these maps are hit once per term of every article.
type HashMap<K, V> = foldhash::HashMap<K, V>;
use foldhash::HashMapExt;
use std::io::Read;
use std::sync::OnceLock;

static BACKGROUND_GZ: &[u8] = include_bytes!("../../assets/df.tsv.gz");

/// Document frequencies of terms in a reference corpus.
#[derive(Debug, Default)]
pub struct DocFreq {
    pub documents: u32,
    pub df: HashMap<String, u32>,
    /// `df` keyed by [`term_hash`], built on first use.
    hashed: OnceLock<HashMap<u64, u32>>,
}

/// The 64-bit hash that stands for a term where millions of lookups make
/// strings too slow (story grouping). Collisions among a corpus's terms are
/// vanishingly rare (about one in 10⁷ for a million terms) and would only
/// blend two terms' weights.
pub fn term_hash(term: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(term.as_bytes())
}

/// Smoothed IDF of a term in `df` of `n` documents: ln((N + 1) / (df + 1)) + 1.
pub fn smoothed_idf(n: u32, df: u32) -> f32 {
    ((n as f32 + 1.0) / (df as f32 + 1.0)).ln() + 1.0
}

impl DocFreq {
    /// Parses the `#N<TAB>n` + `term<TAB>df` text format.
    pub fn parse(text: &str) -> Result<DocFreq, String> {
        let mut lines = text.lines();
        let header = lines.next().ok_or("empty table")?;
        let documents = header
            .strip_prefix("#N\t")
            .and_then(|n| n.trim().parse().ok())
            .ok_or_else(|| format!("bad header {header:?}"))?;
        let mut df = HashMap::new();
        for (i, line) in lines.enumerate() {
            let (t, n) = line
                .split_once('\t')
                .ok_or_else(|| format!("line {}: no tab", i + 2))?;
            df.insert(
                t.to_string(),
                n.parse()
                    .map_err(|_| format!("line {}: bad count", i + 2))?,
            );
        }
        Ok(DocFreq {
            documents,
            df,
            hashed: OnceLock::new(),
        })
    }

    /// Documents containing the term whose [`term_hash`] this is.
    pub fn df_of_hash(&self, hash: u64) -> u32 {
        self.hashed
            .get_or_init(|| self.df.iter().map(|(t, n)| (term_hash(t), *n)).collect())
            .get(&hash)
            .copied()
            .unwrap_or(0)
    }

    /// The table shipped in `assets/`, read once.
    pub fn background() -> &'static DocFreq {
        static TABLE: OnceLock<DocFreq> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut text = String::new();
            flate2::read::GzDecoder::new(BACKGROUND_GZ)
                .read_to_string(&mut text)
                .expect("assets/df.tsv.gz is valid gzip");
            DocFreq::parse(&text).expect("assets/df.tsv.gz is a valid table")
        })
    }
}

/// IDF over the background and the corpus at hand, counted together: as if
/// the corpus's articles had been added to the reference corpus.
#[derive(Debug)]
pub struct Idf<'a> {
    background: &'a DocFreq,
    local: HashMap<String, u32>,
    local_documents: u32,
}

impl<'a> Idf<'a> {
    pub fn new(background: &'a DocFreq) -> Idf<'a> {
        Idf {
            background,
            local: HashMap::new(),
            local_documents: 0,
        }
    }

    /// Counts one local document's distinct terms.
    pub fn add_document<'t>(&mut self, distinct_terms: impl IntoIterator<Item = &'t str>) {
        self.local_documents += 1;
        for t in distinct_terms {
            match self.local.get_mut(t) {
                Some(n) => *n += 1,
                None => {
                    self.local.insert(t.to_string(), 1);
                }
            }
        }
    }

    /// Counts `documents` local documents at once, given how many of them
    /// contain each term (each term once).
    pub fn add_counts<'t>(&mut self, documents: u32, df: impl IntoIterator<Item = (&'t str, u32)>) {
        self.local_documents += documents;
        for (t, n) in df {
            *self.local.entry(t.to_string()).or_default() += n;
        }
    }

    /// Documents containing the term, background and local together.
    pub fn df(&self, term: &str) -> u32 {
        self.background.df.get(term).copied().unwrap_or(0)
            + self.local.get(term).copied().unwrap_or(0)
    }

    /// Smoothed IDF: ln((N + 1) / (df + 1)) + 1.
    pub fn idf(&self, term: &str) -> f32 {
        smoothed_idf(self.documents(), self.df(term))
    }

    pub fn documents(&self) -> u32 {
        self.background.documents + self.local_documents
    }

    /// The corpus's own part: how many documents, and how many of them
    /// hold each term (what the analysis cache keeps).
    pub fn local_counts(&self) -> (u32, &HashMap<String, u32>) {
        (self.local_documents, &self.local)
    }

    /// An IDF over `background` and counts from [`Idf::local_counts`].
    pub fn from_counts(
        background: &'a DocFreq,
        documents: u32,
        local: HashMap<String, u32>,
    ) -> Idf<'a> {
        Idf {
            background,
            local,
            local_documents: documents,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn background_table_loads_and_ranks_terms() {
        let bg = DocFreq::background();
        assert!(bg.documents > 30_000);
        let idf = Idf::new(bg);
        // a word common in news weighs less than a rare one
        assert!(idf.idf("police") < idf.idf("ambush"));
        assert!(idf.idf("zzzunseenword") > idf.idf("ambush"));
    }

    #[test]
    fn local_counts_blend_in() {
        let bg = DocFreq::parse("#N\t10\nstorm\t5\n").unwrap();
        let mut idf = Idf::new(&bg);
        let before = idf.idf("storm");
        idf.add_document(["storm", "flood"]);
        assert_eq!(idf.df("storm"), 6);
        assert_eq!(idf.df("flood"), 1);
        assert!(idf.idf("storm") < before + 0.1);
        assert!(DocFreq::parse("bad").is_err());
    }
}
