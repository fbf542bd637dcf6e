//! newsdesk: a terminal dashboard for comparing how outlets report one incident.
//!
//! Data flows one way: [`corpus`] reads files into articles, `nlp` analyses
//! each article, `compare` works across articles, `review` keeps the editor's
//! verdicts, [`desk::Desk`] owns it all, and [`tui`] and [`cli`] are views.

pub mod bodyindex;
pub mod cache;
pub mod cli;
pub mod compare;
pub mod config;
pub mod corpus;
pub mod desk;
pub mod fetch;
pub mod fsutil;
#[doc(hidden)]
pub mod fuzzing;
pub mod guard;
pub mod logging;
pub mod nlp;
pub mod report;
pub mod review;
pub mod sanitize;
pub mod search;
pub mod speakers;
pub mod tui;
pub mod workflow;
