//! The few values that search filters and listings need from a description, read the same way for every
//! version: older versions' equivalents are mapped (status spellings, 0.4 themes to the 1.0 themes,
//! iama/dpia answers to impact codes). Themes only come from versions that have a theme list (0.4, 1.0).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Document;
use crate::def::standard;
use crate::html::strip_html;
use crate::impact::impact_assessment_codes;
use crate::migrate::theme_from_v04;
use crate::normalise::{DEFAULT_LANG, canonical_value};
use crate::validate::parse_month;
use crate::version::StandardVersion;

/// Filter values of one description.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// Name, HTML stripped; empty when missing.
    pub name: String,
    /// Organisation name, HTML stripped; empty when missing.
    pub organization: String,
    /// One of the three 1.0 status values, when the description has a recognisable one.
    pub status: Option<String>,
    /// 1.0 only: one of the three publication categories.
    pub publication_category: Option<String>,
    /// The 1.0 themes (0.4 themes mapped to them; none for older versions).
    pub themes: Vec<String>,
    pub provider: Option<String>,
    /// ISO 639-3 code of the description's language; `nld` when not given.
    pub lang: String,
    /// Canonical impact-assessment codes, `["none"]` when there are none.
    pub impact_codes: Vec<String>,
    /// `YYYY-MM`, only when valid.
    pub begin_date: Option<String>,
}

/// The filter values of `doc`, written in version `v`.
pub fn facets(v: StandardVersion, doc: &Document) -> Facets {
    let v1 = standard(StandardVersion::V1_0);
    let allowed = |key: &str| v1.field(key).map_or(&[][..], |f| f.allowed.as_slice());
    let status = text(doc, "status")
        .and_then(|s| canonical_value(allowed("status"), &s).map(str::to_string));
    let publication_category = match v {
        StandardVersion::V1_0 => text(doc, "publication_category")
            .and_then(|s| canonical_value(allowed("publication_category"), &s).map(str::to_string)),
        _ => None,
    };
    let mut themes: Vec<String> = Vec::new();
    if matches!(v, StandardVersion::V1_0 | StandardVersion::V0_4) {
        let items = doc
            .get("category")
            .and_then(Value::as_array)
            .map_or(&[][..], Vec::as_slice);
        for item in items.iter().filter_map(Value::as_str) {
            let theme = match v {
                StandardVersion::V0_4 => theme_from_v04(item),
                _ => canonical_value(allowed("category"), &strip_html(item)),
            };
            if let Some(t) = theme
                && !themes.iter().any(|x| x == t)
            {
                themes.push(t.to_string());
            }
        }
    }
    let provider = match v {
        StandardVersion::V0_1 | StandardVersion::V0_2_3 => None,
        _ => text(doc, "provider"),
    };
    let begin_date = match v {
        StandardVersion::V1_0 | StandardVersion::V0_4 => {
            text(doc, "begin_date").filter(|m| parse_month(m).is_some())
        }
        _ => None,
    };
    Facets {
        name: text(doc, "name").unwrap_or_default(),
        organization: text(doc, "organization").unwrap_or_default(),
        status,
        publication_category,
        themes,
        provider,
        lang: text(doc, "lang").map_or_else(|| DEFAULT_LANG.to_string(), |l| iso_lang(&l)),
        impact_codes: impact_assessment_codes(v, doc),
        begin_date,
    }
}

fn text(doc: &Document, key: &str) -> Option<String> {
    doc.get(key)
        .and_then(Value::as_str)
        .map(strip_html)
        .filter(|s| !s.is_empty())
}

/// Older versions wrote the language freely; read the common spellings as ISO 639-3.
fn iso_lang(s: &str) -> String {
    match s.trim().to_lowercase().as_str() {
        "nl" | "nld" | "dut" | "nederlands" | "dutch" => "nld".into(),
        "en" | "eng" | "engels" | "english" => "eng".into(),
        "fy" | "fry" | "fries" | "frysk" | "frisian" => "fry".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: serde_json::Value) -> Document {
        match v {
            Value::Object(m) => m,
            _ => Document::new(),
        }
    }

    #[test]
    fn facets_of_v1() {
        let d = doc(json!({
            "name": "Naam", "organization": "Gemeente Dijkerveen", "status": "In gebruik",
            "publication_category": "Impactvolle algoritmes", "category": ["Verkeer", "Onbekend", "Werk"],
            "provider": "Intern ontwikkeld", "lang": "nld", "begin_date": "2023-04",
            "impacttoetsen_grouping": [{"title": "IAMA"}]
        }));
        let f = facets(StandardVersion::V1_0, &d);
        assert_eq!(
            f,
            Facets {
                name: "Naam".into(),
                organization: "Gemeente Dijkerveen".into(),
                status: Some("In gebruik".into()),
                publication_category: Some("Impactvolle algoritmes".into()),
                themes: vec!["Verkeer".into(), "Werk".into()],
                provider: Some("Intern ontwikkeld".into()),
                lang: "nld".into(),
                impact_codes: vec!["iama".into()],
                begin_date: Some("2023-04".into()),
            }
        );
    }

    #[test]
    fn facets_of_older_versions() {
        let d = doc(json!({
            "name": "Oud", "organization": "Waterschap Dijkerveen", "status": "in gebruik",
            "category": ["Financiën", "Landbouw", "Verkeer"], "begin_date": "2021-13",
            "impacttoetsen": ["DPIA"], "provider": "Leverancier BV"
        }));
        let f = facets(StandardVersion::V0_4, &d);
        assert_eq!(f.status.as_deref(), Some("In gebruik"));
        assert_eq!(f.themes, ["Overheidsfinanciën", "Verkeer"]);
        assert_eq!(f.begin_date, None);
        assert_eq!(f.impact_codes, ["dpia"]);
        assert_eq!(f.provider.as_deref(), Some("Leverancier BV"));
        assert_eq!(f.publication_category, None);

        let d = doc(
            json!({"name": "Heel oud", "status": "Actief", "category": "Verkeer", "lang": "NL", "iama": "Ja"}),
        );
        let f = facets(StandardVersion::V0_1, &d);
        assert_eq!(f.status, None);
        assert!(f.themes.is_empty());
        assert_eq!(f.lang, "nld");
        assert_eq!(f.impact_codes, ["iama"]);
        assert_eq!(
            facets(StandardVersion::V0_1, &Document::new()).impact_codes,
            ["none"]
        );
    }
}
