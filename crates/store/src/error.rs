//! Store errors. Database constraint errors become domain-meaningful variants here, at the boundary.

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// Someone else saved first: the caller started from an older version.
    #[error("conflict: the newest version is {current}")]
    Conflict { current: i64 },
    /// A unique key already exists (an ID, an e-mail address).
    #[error("already exists: {0}")]
    Duplicate(String),
    /// A row refers to something that does not exist (an organisation, a user).
    #[error("refers to something that does not exist: {0}")]
    MissingReference(String),
    #[error("configuration: {0}")]
    Config(String),
    /// A value in the database that cannot be read back (a bug or a hand-edited database).
    #[error("unreadable value in the database: {0}")]
    Corrupt(String),
    #[error("database: {0}")]
    Database(sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::RowNotFound = e {
            return Self::NotFound;
        }
        if let Some(db) = e.as_database_error() {
            match db.kind() {
                sqlx::error::ErrorKind::UniqueViolation => {
                    return Self::Duplicate(db.constraint().unwrap_or("unique key").to_owned());
                }
                sqlx::error::ErrorKind::ForeignKeyViolation => {
                    return Self::MissingReference(
                        db.constraint().unwrap_or("foreign key").to_owned(),
                    );
                }
                _ => {}
            }
        }
        Self::Database(e)
    }
}
