//! A 0–100 score of how much of the standard a description fills in, for dashboards and for nudging
//! publishers. It rewards valid content, not just any content.
//!
//! # Formula
//!
//! Every field that a publisher fills in and the public sees counts, with a weight:
//! - **3** for a required field,
//! - **2** for a field that is always shown (shown with a "not filled in" note when empty),
//! - **1** for any other field.
//!
//! Not counted: system fields (`lars`, `publication_dt`), `standard_version` (filled in automatically),
//! fields that are not public (`tags`), and `end_date` unless the status is "Buiten gebruik" or an end
//! date is given (an algorithm still in use has no end date to fill in).
//!
//! A field is *filled* when it is not empty and [`crate::validate`] reports no problem for it or for any of
//! its items. The score is `floor(100 × filled weight / total weight)`, so 100 means everything counted is
//! filled in and valid, and an empty document scores 0.

use crate::Document;
use crate::def::{FieldDef, standard};
use crate::normalise::is_blank;
use crate::validate::validate;
use crate::version::StandardVersion;

/// The weight of a field in the score; 0 for fields that do not count (see the module documentation).
pub fn weight(f: &FieldDef) -> u32 {
    if f.is_system() || !f.public || f.key == "standard_version" {
        0
    } else if f.required {
        3
    } else if f.always_shown {
        2
    } else {
        1
    }
}

/// The completeness score of `doc` for version `v`, from 0 to 100 (see the module documentation).
pub fn completeness(v: StandardVersion, doc: &Document) -> u8 {
    let def = standard(v);
    let problems = validate(v, doc);
    let ended = doc
        .get("status")
        .and_then(serde_json::Value::as_str)
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("Buiten gebruik"));
    let mut total: u32 = 0;
    let mut filled: u32 = 0;
    for f in &def.fields {
        let w = weight(f);
        if w == 0 {
            continue;
        }
        let value = doc.get(&f.key).filter(|v| !is_blank(v));
        if f.key == "end_date" && !ended && value.is_none() {
            continue;
        }
        total += w;
        let valid = !problems.iter().any(|p| p.field_key() == f.key);
        if value.is_some() && valid {
            filled += w;
        }
    }
    if total == 0 {
        return 0;
    }
    u8::try_from(filled * 100 / total).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn weights() {
        let def = standard(StandardVersion::V1_0);
        let w = |k: &str| def.field(k).map(weight);
        assert_eq!(w("name"), Some(3));
        assert_eq!(w("goal"), Some(2));
        assert_eq!(w("website"), Some(1));
        assert_eq!(w("tags"), Some(0));
        assert_eq!(w("lars"), Some(0));
        assert_eq!(w("standard_version"), Some(0));
    }

    #[test]
    fn empty_and_partial() {
        for v in StandardVersion::ALL {
            assert_eq!(completeness(v, &Document::new()), 0, "{v}");
        }
        let serde_json::Value::Object(d) = json!({"name": "Naam", "lang": "nld"}) else {
            panic!("object");
        };
        let c = completeness(StandardVersion::V1_0, &d);
        assert!(c > 0 && c < 20, "{c}");
        let serde_json::Value::Object(bad) = json!({"name": "x".repeat(101), "lang": "nld"}) else {
            panic!("object");
        };
        assert!(completeness(StandardVersion::V1_0, &bad) < c);
    }
}
