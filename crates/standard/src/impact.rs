//! Impact assessments (DPIA, IAMA, …): the suggested titles, their canonical codes, and the codes a
//! description has, for every version. Filters use the codes so that they do not depend on how a publisher
//! spelled a title. A title outside the list is [`IMPACT_OTHER`]; a description without any assessment is
//! [`IMPACT_NONE`].

use serde_json::Value;

use crate::Document;
use crate::html::strip_html;
use crate::version::StandardVersion;

/// The suggested impact assessments: `(code, title)`. Codes are lower-case kebab case and stable.
pub const IMPACT_ASSESSMENTS: &[(&str, &str)] = &[
    ("dpia", "DPIA"),
    ("iama", "IAMA"),
    ("fria", "FRIA"),
    ("aiia", "AIIA"),
    ("fraia", "FRAIA"),
    ("deda", "DEDA"),
    ("utrecht-ethiek", "Utrecht Uthiek Assessment"),
    (
        "toetsingskader-rekenkamer",
        "Toetsingskader Algemene Rekenkamer",
    ),
    ("z-inspection", "Z-Inspection"),
    ("ethische-bijsluiter", "De Ethische Bijsluiter"),
    ("privacy-quickscan", "Privacy Quickscan"),
    ("pre-scan-dpia", "Pre-scan DPIA"),
];

/// Code for an assessment whose title is not in [`IMPACT_ASSESSMENTS`].
pub const IMPACT_OTHER: &str = "other";
/// Code for a description that lists no assessment.
pub const IMPACT_NONE: &str = "none";

/// How titles are recognised, most specific first, so that "Pre-scan DPIA" is not read as "DPIA" and
/// "FRAIA" not as "FRIA". `phrases` are compared with the title folded to lower-case letters and digits
/// only (so case, spaces and punctuation do not matter); `words` must be a whole word of the title.
struct Rule {
    code: &'static str,
    phrases: &'static [&'static str],
    words: &'static [&'static str],
}

const RULES: &[Rule] = &[
    Rule {
        code: "pre-scan-dpia",
        phrases: &["prescandpia", "dpiaprescan", "prescangegevensbescherming"],
        words: &[],
    },
    Rule {
        code: "privacy-quickscan",
        phrases: &["privacyquickscan", "quickscanprivacy", "privacyscan"],
        words: &[],
    },
    Rule {
        code: "toetsingskader-rekenkamer",
        phrases: &["toetsingskader", "algemenerekenkamer"],
        words: &[],
    },
    Rule {
        code: "z-inspection",
        phrases: &["zinspection"],
        words: &[],
    },
    Rule {
        code: "ethische-bijsluiter",
        phrases: &["ethischebijsluiter"],
        words: &[],
    },
    Rule {
        code: "utrecht-ethiek",
        phrases: &["uthiek", "utrechtethiek", "utrechtseethiek"],
        words: &[],
    },
    Rule {
        code: "fraia",
        phrases: &[
            "fundamenterechtenenalgoritme",
            "fundamentelerechtenenalgoritme",
            "fundamentalrightsandalgorithm",
        ],
        words: &["fraia"],
    },
    Rule {
        code: "deda",
        phrases: &["ethischedataassist", "dataethischeassist"],
        words: &["deda"],
    },
    Rule {
        code: "aiia",
        phrases: &["aiimpactassess"],
        words: &["aiia"],
    },
    Rule {
        code: "fria",
        phrases: &["fundamentalrightsimpactassessment"],
        words: &["fria"],
    },
    Rule {
        code: "iama",
        phrases: &[
            "impactassessmentmensenrechten",
            "mensenrechtentoets",
            "mensenrechtenenalgoritmes",
        ],
        words: &["iama"],
    },
    Rule {
        code: "dpia",
        phrases: &[
            "dataprotectionimpactassessment",
            "gegevensbeschermingseffectbeoordeling",
        ],
        words: &["dpia"],
    },
];

/// The titles a form suggests for the field `key` of standard `v` (free text stays allowed): the
/// suggested impact assessments for the field that lists them, nothing for other fields.
pub fn title_suggestions(v: StandardVersion, key: &str) -> Vec<&'static str> {
    let listing = match v {
        StandardVersion::V1_0 => "impacttoetsen_grouping",
        StandardVersion::V0_4 => "impacttoetsen",
        _ => return Vec::new(),
    };
    if key == listing {
        IMPACT_ASSESSMENTS.iter().map(|(_, title)| *title).collect()
    } else {
        Vec::new()
    }
}

/// The canonical code of an assessment title; [`IMPACT_OTHER`] when it is not a suggested one.
/// Matching ignores case, spaces and punctuation and accepts the full names as well as the abbreviations
/// (e.g. "Data Protection Impact Assessment (DPIA)", "dpia", "Pre-scan DPIA" → `pre-scan-dpia`).
pub fn impact_code(title: &str) -> &'static str {
    let lower = strip_html(title).to_lowercase();
    let folded: String = lower.chars().filter(|c| c.is_alphanumeric()).collect();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    RULES
        .iter()
        .find(|r| {
            r.phrases.iter().any(|p| folded.contains(p))
                || r.words.iter().any(|w| words.contains(w))
        })
        .map_or(IMPACT_OTHER, |r| r.code)
}

/// The title of a code in [`IMPACT_ASSESSMENTS`].
pub fn impact_title(code: &str) -> Option<&'static str> {
    IMPACT_ASSESSMENTS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, t)| *t)
}

/// The canonical codes of the assessments a description lists, without repeats, in order;
/// `["none"]` when it lists none.
///
/// - 1.0: the titles of `impacttoetsen_grouping`;
/// - 0.4: the free list `impacttoetsen`;
/// - 0.1, 0.2.3, 0.3.1: `iama` and `dpia` answered "Ja".
pub fn impact_assessment_codes(v: StandardVersion, doc: &Document) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    let mut add = |code: &str| {
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_string());
        }
    };
    match v {
        StandardVersion::V1_0 => {
            for item in list(doc, "impacttoetsen_grouping") {
                if let Some(title) = item.get("title").and_then(Value::as_str)
                    && !title.trim().is_empty()
                    && !is_no_assessment(title)
                {
                    add(impact_code(title));
                }
            }
        }
        StandardVersion::V0_4 => {
            for item in list(doc, "impacttoetsen") {
                if let Some(title) = item.as_str()
                    && !title.trim().is_empty()
                    && !is_no_assessment(title)
                {
                    add(impact_code(title));
                }
            }
        }
        StandardVersion::V0_1 | StandardVersion::V0_2_3 | StandardVersion::V0_3_1 => {
            for key in ["iama", "dpia"] {
                if doc.get(key).and_then(Value::as_str).is_some_and(is_yes) {
                    add(key);
                }
            }
        }
    }
    if codes.is_empty() {
        codes.push(IMPACT_NONE.to_string());
    }
    codes
}

/// True for entries that say "no assessment" rather than name one ("Geen", "Nee", "N.v.t.", …); the
/// free list of 0.4 holds such entries.
pub fn is_no_assessment(title: &str) -> bool {
    let folded: String = strip_html(title)
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    matches!(
        folded.as_str(),
        "geen"
            | "nee"
            | "nvt"
            | "nietvantoepassing"
            | "none"
            | "no"
            | "onbekend"
            | "nietuitgevoerd"
            | "geenimpacttoets"
    )
}

/// True for a "yes" answer of the older versions' Ja/Nee fields (also free text such as "Ja, in 2021").
pub(crate) fn is_yes(s: &str) -> bool {
    let lower = strip_html(s).to_lowercase();
    let first = lower
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty());
    matches!(first, Some("ja" | "yes" | "true" | "j" | "y"))
}

fn list<'a>(doc: &'a Document, key: &str) -> &'a [Value] {
    doc.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn titles_to_codes() {
        let cases = [
            ("DPIA", "dpia"),
            ("dpia", "dpia"),
            ("Data Protection Impact Assessment (DPIA)", "dpia"),
            ("Pre-scan DPIA", "pre-scan-dpia"),
            ("pre scan dpia", "pre-scan-dpia"),
            ("PRESCAN-DPIA", "pre-scan-dpia"),
            ("IAMA", "iama"),
            (
                "Impact Assessment Mensenrechten en Algoritmes (IAMA)",
                "iama",
            ),
            ("Mensenrechtentoets", "iama"),
            ("FRIA", "fria"),
            ("Fundamental Rights Impact Assessment", "fria"),
            ("FRAIA", "fraia"),
            (
                "Fundamentele Rechten en Algoritme Impact Assessment (FRAIA)",
                "fraia",
            ),
            (
                "Fundamental Rights and Algorithms Impact Assessment",
                "fraia",
            ),
            ("AI Impact Assesment (AIIA)", "aiia"),
            ("aiia", "aiia"),
            ("De Ethische Data Assistent (DEDA)", "deda"),
            ("DEDA", "deda"),
            ("Utrecht Uthiek Assessment", "utrecht-ethiek"),
            (
                "Toetsingskader Algemene Rekenkamer",
                "toetsingskader-rekenkamer",
            ),
            ("Z-Inspection", "z-inspection"),
            ("z inspection", "z-inspection"),
            ("De Ethische Bijsluiter", "ethische-bijsluiter"),
            ("Privacy Quickscan", "privacy-quickscan"),
            ("privacy quick-scan", "privacy-quickscan"),
            ("Eigen risicoanalyse", "other"),
            ("Adpia", "other"),
        ];
        for (title, code) in cases {
            assert_eq!(impact_code(title), code, "{title}");
        }
        for (code, title) in IMPACT_ASSESSMENTS {
            assert_eq!(impact_code(title), *code, "suggested title {title}");
            assert_eq!(impact_title(code), Some(*title));
        }
    }

    fn doc(v: serde_json::Value) -> Document {
        match v {
            Value::Object(m) => m,
            _ => Document::new(),
        }
    }

    #[test]
    fn codes_per_version() {
        let d = doc(json!({"impacttoetsen_grouping": [
            {"title": "DPIA", "link": "https://x.example"}, {"title": "dpia"}, {"title": "Eigen toets"}, {"title": "Pre-scan DPIA"}
        ]}));
        assert_eq!(
            impact_assessment_codes(StandardVersion::V1_0, &d),
            ["dpia", "other", "pre-scan-dpia"]
        );
        assert_eq!(
            impact_assessment_codes(StandardVersion::V1_0, &Document::new()),
            ["none"]
        );
        let d = doc(json!({"impacttoetsen": ["Geen"]}));
        assert_eq!(impact_assessment_codes(StandardVersion::V0_4, &d), ["none"]);
        assert!(
            is_no_assessment("N.v.t.") && is_no_assessment(" Geen ") && !is_no_assessment("DPIA")
        );
        let d = doc(json!({"impacttoetsen": ["IAMA", "Z-Inspection"]}));
        assert_eq!(
            impact_assessment_codes(StandardVersion::V0_4, &d),
            ["iama", "z-inspection"]
        );
        let d = doc(json!({"iama": "Ja", "dpia": "Nee"}));
        assert_eq!(
            impact_assessment_codes(StandardVersion::V0_2_3, &d),
            ["iama"]
        );
        let d = doc(json!({"iama": "nee", "dpia": "Ja, in 2021"}));
        assert_eq!(impact_assessment_codes(StandardVersion::V0_1, &d), ["dpia"]);
        let d = doc(json!({"iama": "Nee"}));
        assert_eq!(
            impact_assessment_codes(StandardVersion::V0_3_1, &d),
            ["none"]
        );
    }

    #[test]
    fn the_impact_field_suggests_every_title_and_each_title_is_recognised() {
        let titles = title_suggestions(StandardVersion::V1_0, "impacttoetsen_grouping");
        assert_eq!(titles.len(), IMPACT_ASSESSMENTS.len());
        for (code, title) in IMPACT_ASSESSMENTS {
            assert!(titles.contains(title));
            assert_eq!(impact_code(title), *code, "{title}");
        }
        assert!(title_suggestions(StandardVersion::V1_0, "name").is_empty());
    }
}
