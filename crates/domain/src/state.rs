//! The states of a description's versions, and the status of a description as a whole.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::org::string_enum;

string_enum! {
    /// The state of one version. A version's document never changes; only its state does.
    VersionState {
        /// Being written; may be invalid.
        Draft = "draft",
        /// Handed on for approval; valid.
        Submitted = "submitted",
        /// The public version. At most one version of a description is published.
        Published = "published",
        /// Sent back by the approver, with a reason.
        Rejected = "rejected",
        /// Taken off the public register, with a reason.
        Retracted = "retracted",
        /// Replaced: an older published version, or a draft or submission that a newer save replaced.
        Superseded = "superseded",
        /// The description was archived.
        Archived = "archived",
    }
}

impl VersionState {
    /// States in which the version is the organisation's work in progress.
    pub fn is_work_in_progress(self) -> bool {
        matches!(self, Self::Draft | Self::Submitted | Self::Rejected)
    }
}

string_enum! {
    /// What a dashboard shows for a description as a whole.
    DescriptionStatus {
        Draft = "draft",
        Submitted = "submitted",
        Published = "published",
        PublishedWithDraft = "published-with-draft",
        Rejected = "rejected",
        Retracted = "retracted",
        Archived = "archived",
    }
}

impl DescriptionStatus {
    /// Derives the status from the newest version's state and whether a version is public.
    pub fn derive(head: VersionState, has_published: bool) -> Self {
        match head {
            VersionState::Archived => Self::Archived,
            VersionState::Published => Self::Published,
            VersionState::Draft | VersionState::Submitted | VersionState::Rejected
                if has_published =>
            {
                Self::PublishedWithDraft
            }
            VersionState::Draft => Self::Draft,
            VersionState::Submitted => Self::Submitted,
            VersionState::Rejected => Self::Rejected,
            VersionState::Retracted => Self::Retracted,
            // A superseded head does not occur; treat it as a draft for display.
            VersionState::Superseded => Self::Draft,
        }
    }
}
