//! The versions of the publication standard, and how a document says which version it follows
//! (its `standard_version` key).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Document;
use crate::problem::{Problem, ProblemKind};

/// A version of the publication standard. Serialised as its version string (`"1.0"`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum StandardVersion {
    V0_1,
    V0_2_3,
    V0_3_1,
    V0_4,
    V1_0,
}

impl StandardVersion {
    /// Every version, oldest first.
    pub const ALL: [StandardVersion; 5] = [
        StandardVersion::V0_1,
        StandardVersion::V0_2_3,
        StandardVersion::V0_3_1,
        StandardVersion::V0_4,
        StandardVersion::V1_0,
    ];

    /// The version new and edited descriptions use.
    pub const CURRENT: StandardVersion = StandardVersion::V1_0;

    /// The version string, as in the `standard_version` field.
    pub fn as_str(self) -> &'static str {
        match self {
            StandardVersion::V0_1 => "0.1",
            StandardVersion::V0_2_3 => "0.2.3",
            StandardVersion::V0_3_1 => "0.3.1",
            StandardVersion::V0_4 => "0.4",
            StandardVersion::V1_0 => "1.0",
        }
    }

    /// Reads a version string. Surrounding spaces and a leading `v` are tolerated.
    pub fn parse(s: &str) -> Option<StandardVersion> {
        let s = s.trim();
        let s = s.strip_prefix(['v', 'V']).unwrap_or(s);
        StandardVersion::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// True for the current version.
    pub fn is_current(self) -> bool {
        self == StandardVersion::CURRENT
    }
}

impl std::fmt::Display for StandardVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StandardVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StandardVersion {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        StandardVersion::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown standard version {s:?}")))
    }
}

/// The version a document follows, read from its `standard_version` key.
///
/// Absent, `null` or an empty string mean the current version (1.0). A number such as `0.4` is read
/// as its text. Any other value gives a [`Problem`] at path `standard_version`.
pub fn version_of(doc: &Document) -> Result<StandardVersion, Problem> {
    let unknown = || Problem::new("standard_version", ProblemKind::UnknownVersion);
    match doc.get("standard_version") {
        None | Some(serde_json::Value::Null) => Ok(StandardVersion::CURRENT),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(StandardVersion::CURRENT),
        Some(serde_json::Value::String(s)) => StandardVersion::parse(s).ok_or_else(unknown),
        Some(serde_json::Value::Number(n)) => {
            StandardVersion::parse(&n.to_string()).ok_or_else(unknown)
        }
        Some(_) => Err(unknown()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: serde_json::Value) -> Document {
        match v {
            serde_json::Value::Object(m) => m,
            _ => Document::new(),
        }
    }

    #[test]
    fn strings_round_trip() {
        for v in StandardVersion::ALL {
            assert_eq!(StandardVersion::parse(v.as_str()), Some(v));
            let j = serde_json::to_string(&v).expect("serialises");
            assert_eq!(j, format!("\"{}\"", v.as_str()));
            let back: StandardVersion = serde_json::from_str(&j).expect("deserialises");
            assert_eq!(back, v);
        }
        assert!(serde_json::from_str::<StandardVersion>("\"2.0\"").is_err());
        assert_eq!(StandardVersion::parse("v0.4"), Some(StandardVersion::V0_4));
        assert_eq!(StandardVersion::parse("0.2"), None);
        assert!(StandardVersion::V0_1 < StandardVersion::V1_0);
    }

    #[test]
    fn version_of_reads_the_document() {
        assert_eq!(version_of(&doc(json!({}))), Ok(StandardVersion::V1_0));
        assert_eq!(
            version_of(&doc(json!({"standard_version": null}))),
            Ok(StandardVersion::V1_0)
        );
        assert_eq!(
            version_of(&doc(json!({"standard_version": ""}))),
            Ok(StandardVersion::V1_0)
        );
        assert_eq!(
            version_of(&doc(json!({"standard_version": "0.3.1"}))),
            Ok(StandardVersion::V0_3_1)
        );
        assert_eq!(
            version_of(&doc(json!({"standard_version": 0.4}))),
            Ok(StandardVersion::V0_4)
        );
        let err = version_of(&doc(json!({"standard_version": "9.9"}))).expect_err("unknown");
        assert_eq!(err.path, "standard_version");
        assert_eq!(err.kind, ProblemKind::UnknownVersion);
        assert!(version_of(&doc(json!({"standard_version": ["1.0"]}))).is_err());
    }
}
