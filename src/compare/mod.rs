//! Work across articles: stories (which articles report the same incident),
//! sentence alignment between two reports, and word diffs. Pure functions of
//! articles and their analyses.

pub mod align;
pub mod claims;
pub mod coverage;
pub mod diff;
pub mod idf;
pub mod stories;
pub mod vector;
