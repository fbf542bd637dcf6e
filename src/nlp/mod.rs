//! Analysis of one article: sentences, comparison tokens, entities, values.
//!
//! Pure functions of the text (and, for dates, the publication date): no
//! I/O, no UI. [`analyze`] produces an [`Analysis`] whose spans are byte
//! offsets into the article body, like the corpus's.

pub mod fold;
pub mod sentences;
pub mod tokens;
