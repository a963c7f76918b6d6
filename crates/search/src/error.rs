//! The crate's error type.

use std::path::PathBuf;

/// Everything that can go wrong in the search component.
///
/// Queries themselves almost never fail: the query language reads bad input
/// as well as it can. Only truly unusable requests (e.g. asking for a page
/// beyond the result window) give [`SearchError::InvalidQuery`].
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// An error inside tantivy (index files, query execution, …).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// Reading or writing files around the index failed.
    #[error("search index I/O error: {0}")]
    Io(#[from] std::io::Error),
    /// The index directory could not be opened.
    #[error("cannot open search index directory {path}: {message}")]
    OpenDirectory { path: PathBuf, message: String },
    /// Another writer (another process) holds the index directory.
    #[error("search index directory {0} is locked by another writer")]
    Locked(PathBuf),
    /// A document that cannot be indexed (e.g. an empty id).
    #[error("invalid search document: {0}")]
    InvalidDocument(String),
    /// A query that cannot be answered at all.
    #[error("invalid search query: {0}")]
    InvalidQuery(String),
}
