//! Validation problems. A [`Problem`] names the place in the document (`name`, `category[1]`,
//! `lawful_basis_grouping[2].link`) and the [`ProblemKind`]; it serialises with a stable `code` per kind
//! (e.g. `{"path":"name","code":"too_long","max":100,"actual":101}`) so that API clients can rely on it,
//! and it explains itself in a short B1 sentence in Dutch, English or Frisian.

use serde::{Deserialize, Serialize};

use crate::def::StandardDef;
use crate::lang::Lang;
use crate::version::StandardVersion;

/// Expected JSON types named in [`ProblemKind::WrongType`].
pub const EXPECT_TEXT: &str = "text";
/// A JSON array.
pub const EXPECT_LIST: &str = "list";
/// A JSON object with `title` and `link`.
pub const EXPECT_OBJECT: &str = "object";

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ProblemKind {
    /// A required field or item part is empty.
    Required,
    /// More characters (after stripping HTML) than allowed.
    TooLong { max: usize, actual: usize },
    /// Fewer characters than needed (not a rule of the standard; used by other inputs such as passwords).
    TooShort { min: usize, actual: usize },
    /// A value outside the allowed list.
    NotAllowed { allowed: Vec<String> },
    /// Not a `YYYY-MM` month between 1900-01 and 2100-12.
    NotAMonth,
    /// `end_date` lies before `begin_date`.
    EndBeforeBegin,
    /// Neither an e-mail address nor an `https` link.
    NotContact,
    /// Not an `http(s)` link with a host.
    NotUrl,
    /// The JSON value has the wrong type; `expected` is `text`, `list` or `object`.
    WrongType { expected: String },
    /// `standard_version` names no known version.
    UnknownVersion,
    /// An organisation that the register does not know (not a rule of the standard; used by the register).
    UnknownOrganisation,
    /// A value that must be unique occurs more than once, e.g. a `source_id` in one bulk upsert (not a
    /// rule of the standard; used by the register).
    Duplicate,
}

impl ProblemKind {
    /// The stable machine-readable code, as in the serialised form.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemKind::Required => "required",
            ProblemKind::TooLong { .. } => "too_long",
            ProblemKind::TooShort { .. } => "too_short",
            ProblemKind::NotAllowed { .. } => "not_allowed",
            ProblemKind::NotAMonth => "not_a_month",
            ProblemKind::EndBeforeBegin => "end_before_begin",
            ProblemKind::NotContact => "not_contact",
            ProblemKind::NotUrl => "not_url",
            ProblemKind::WrongType { .. } => "wrong_type",
            ProblemKind::UnknownVersion => "unknown_version",
            ProblemKind::UnknownOrganisation => "unknown_organisation",
            ProblemKind::Duplicate => "duplicate",
        }
    }
}

/// One problem in a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Where: a field key, optionally with `[index]` and `.part`.
    pub path: String,
    #[serde(flatten)]
    pub kind: ProblemKind,
}

impl Problem {
    pub fn new(path: impl Into<String>, kind: ProblemKind) -> Problem {
        Problem {
            path: path.into(),
            kind,
        }
    }

    /// The field key the path starts with (`lawful_basis_grouping[2].link` → `lawful_basis_grouping`).
    pub fn field_key(&self) -> &str {
        let end = self.path.find(['[', '.']).unwrap_or(self.path.len());
        &self.path[..end]
    }

    /// A short B1 sentence in `lang` that says what is wrong and how to fix it, naming the limit or the
    /// allowed values.
    pub fn message(&self, lang: Lang) -> String {
        use Lang::{En, Fy, Nl};
        match (&self.kind, lang) {
            (ProblemKind::Required, Nl) => "Dit is verplicht. Vul het in.".into(),
            (ProblemKind::Required, En) => "This is required. Please fill it in.".into(),
            (ProblemKind::Required, Fy) => "Dit is ferplichte. Folje it yn.".into(),
            (ProblemKind::TooLong { max, actual }, Nl) => format!(
                "Deze tekst is te lang. Gebruik maximaal {max} tekens. Nu zijn het er {actual}."
            ),
            (ProblemKind::TooLong { max, actual }, En) => format!(
                "This text is too long. Use at most {max} characters. It now has {actual}."
            ),
            (ProblemKind::TooLong { max, actual }, Fy) => format!(
                "Dizze tekst is te lang. Brûk maksimaal {max} tekens. No binne it der {actual}."
            ),
            (ProblemKind::TooShort { min, actual }, Nl) => format!(
                "Deze tekst is te kort. Gebruik minimaal {min} tekens. Nu zijn het er {actual}."
            ),
            (ProblemKind::TooShort { min, actual }, En) => format!(
                "This text is too short. Use at least {min} characters. It now has {actual}."
            ),
            (ProblemKind::TooShort { min, actual }, Fy) => format!(
                "Dizze tekst is te koart. Brûk minimaal {min} tekens. No binne it der {actual}."
            ),
            (ProblemKind::NotAllowed { allowed }, Nl) => format!(
                "Deze waarde kan niet. Kies een van deze waarden: {}.",
                allowed.join(", ")
            ),
            (ProblemKind::NotAllowed { allowed }, En) => format!(
                "This value is not allowed. Choose one of these values: {}.",
                allowed.join(", ")
            ),
            (ProblemKind::NotAllowed { allowed }, Fy) => format!(
                "Dizze wearde kin net. Kies ien fan dizze wearden: {}.",
                allowed.join(", ")
            ),
            (ProblemKind::NotAMonth, Nl) => "Dit is geen goede maand. Schrijf eerst het jaar en dan de maand, zo: 2024-03. Het jaar ligt tussen 1900 en 2100.".into(),
            (ProblemKind::NotAMonth, En) => "This is not a valid month. Write the year first and then the month, like this: 2024-03. The year is between 1900 and 2100.".into(),
            (ProblemKind::NotAMonth, Fy) => "Dit is gjin goede moanne. Skriuw earst it jier en dan de moanne, sa: 2024-03. It jier leit tusken 1900 en 2100.".into(),
            (ProblemKind::EndBeforeBegin, Nl) => "De einddatum ligt voor de begindatum. Kies een einddatum die gelijk is aan de begindatum of later.".into(),
            (ProblemKind::EndBeforeBegin, En) => "The end date is before the start date. Choose an end date that is the same as the start date or later.".into(),
            (ProblemKind::EndBeforeBegin, Fy) => "De eindatum leit foar de begjindatum. Kies in eindatum dy't itselde is as de begjindatum of letter.".into(),
            (ProblemKind::NotContact, Nl) => "Dit is geen e-mailadres en geen veilige link. Geef een algemeen e-mailadres of een link die begint met https://.".into(),
            (ProblemKind::NotContact, En) => "This is not an e-mail address or a secure link. Give a general e-mail address or a link that starts with https://.".into(),
            (ProblemKind::NotContact, Fy) => "Dit is gjin e-mailadres en gjin feilige keppeling. Jou in algemien e-mailadres of in keppeling dy't begjint mei https://.".into(),
            (ProblemKind::NotUrl, Nl) => "Dit is geen goede link. Een link begint met https:// of http://, bijvoorbeeld https://www.voorbeeld.nl.".into(),
            (ProblemKind::NotUrl, En) => "This is not a valid link. A link starts with https:// or http://, for example https://www.example.org.".into(),
            (ProblemKind::NotUrl, Fy) => "Dit is gjin goede keppeling. In keppeling begjint mei https:// of http://, bygelyks https://www.foarbyld.nl.".into(),
            (ProblemKind::WrongType { expected }, _) => wrong_type_message(expected, lang),
            (ProblemKind::UnknownVersion, Nl) => format!(
                "Deze versie van de publicatiestandaard kennen we niet. Gebruik een van deze versies: {}.",
                versions()
            ),
            (ProblemKind::UnknownVersion, En) => format!(
                "We do not know this version of the publication standard. Use one of these versions: {}.",
                versions()
            ),
            (ProblemKind::Duplicate, Nl) => {
                "Deze waarde komt meer dan een keer voor. Elke waarde moet anders zijn.".into()
            }
            (ProblemKind::Duplicate, En) => {
                "This value occurs more than once. Each value must be different.".into()
            }
            (ProblemKind::Duplicate, Fy) => {
                "Dizze wearde komt mear as ien kear foar. Elke wearde moat oars wêze.".into()
            }
            (ProblemKind::UnknownOrganisation, Nl) => {
                "Deze organisatie kennen we niet. Kies een organisatie uit de lijst.".into()
            }
            (ProblemKind::UnknownOrganisation, En) => {
                "We do not know this organisation. Choose an organisation from the list.".into()
            }
            (ProblemKind::UnknownOrganisation, Fy) => {
                "Dizze organisaasje kenne wy net. Kies in organisaasje út de list.".into()
            }
            (ProblemKind::UnknownVersion, Fy) => format!(
                "Dizze ferzje fan de publikaasjestandert kenne wy net. Brûk ien fan dizze ferzjes: {}.",
                versions()
            ),
        }
    }

    /// The message preceded by the field's label in `def`, e.g. `Naam: Deze tekst is te lang. …`.
    /// For an item inside a list the item number (from 1) is added.
    pub fn message_with_label(&self, def: &StandardDef, lang: Lang) -> String {
        let Some(field) = def.field(self.field_key()) else {
            return self.message(lang);
        };
        let mut label = field.label.get(lang).to_string();
        if let Some(i) = item_index(&self.path) {
            let item = match lang {
                Lang::Nl | Lang::Fy => "nr.",
                Lang::En => "no.",
            };
            label = format!("{label} ({item} {})", i + 1);
        }
        format!("{label}: {}", self.message(lang))
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message(Lang::En))
    }
}

fn item_index(path: &str) -> Option<usize> {
    let start = path.find('[')? + 1;
    let end = start + path[start..].find(']')?;
    path[start..end].parse().ok()
}

fn versions() -> String {
    StandardVersion::ALL
        .iter()
        .map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn wrong_type_message(expected: &str, lang: Lang) -> String {
    match (expected, lang) {
        (EXPECT_TEXT, Lang::Nl) => "Dit moet tekst zijn.".into(),
        (EXPECT_TEXT, Lang::En) => "This must be text.".into(),
        (EXPECT_TEXT, Lang::Fy) => "Dit moat tekst wêze.".into(),
        (EXPECT_LIST, Lang::Nl) => "Dit moet een lijst zijn.".into(),
        (EXPECT_LIST, Lang::En) => "This must be a list.".into(),
        (EXPECT_LIST, Lang::Fy) => "Dit moat in list wêze.".into(),
        (EXPECT_OBJECT, Lang::Nl) => {
            "Dit moet een onderdeel zijn met een titel en een link.".into()
        }
        (EXPECT_OBJECT, Lang::En) => "This must be an item with a title and a link.".into(),
        (EXPECT_OBJECT, Lang::Fy) => {
            "Dit moat in ûnderdiel wêze mei in titel en in keppeling.".into()
        }
        (other, Lang::Nl) => format!("Dit heeft de verkeerde vorm. Verwacht: {other}."),
        (other, Lang::En) => format!("This has the wrong form. Expected: {other}."),
        (other, Lang::Fy) => format!("Dit hat de ferkearde foarm. Ferwachte: {other}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Fails to compile when a kind is added without adding it to `every_kind` below.
    fn _every_kind_is_listed(k: &ProblemKind) {
        match k {
            ProblemKind::Required
            | ProblemKind::TooLong { .. }
            | ProblemKind::TooShort { .. }
            | ProblemKind::NotAllowed { .. }
            | ProblemKind::NotAMonth
            | ProblemKind::EndBeforeBegin
            | ProblemKind::NotContact
            | ProblemKind::NotUrl
            | ProblemKind::WrongType { .. }
            | ProblemKind::UnknownVersion
            | ProblemKind::UnknownOrganisation
            | ProblemKind::Duplicate => {}
        }
    }

    fn every_kind() -> Vec<ProblemKind> {
        vec![
            ProblemKind::Required,
            ProblemKind::TooLong {
                max: 100,
                actual: 101,
            },
            ProblemKind::NotAllowed {
                allowed: vec!["In gebruik".into(), "Buiten gebruik".into()],
            },
            ProblemKind::NotAMonth,
            ProblemKind::EndBeforeBegin,
            ProblemKind::NotContact,
            ProblemKind::NotUrl,
            ProblemKind::WrongType {
                expected: EXPECT_TEXT.into(),
            },
            ProblemKind::WrongType {
                expected: EXPECT_LIST.into(),
            },
            ProblemKind::WrongType {
                expected: EXPECT_OBJECT.into(),
            },
            ProblemKind::WrongType {
                expected: "number".into(),
            },
            ProblemKind::UnknownVersion,
            ProblemKind::TooShort { min: 12, actual: 3 },
            ProblemKind::UnknownOrganisation,
            ProblemKind::Duplicate,
        ]
    }

    #[test]
    fn every_message_is_filled_in_every_language() {
        for kind in every_kind() {
            let p = Problem::new("name", kind);
            let mut seen = std::collections::HashSet::new();
            for l in Lang::ALL {
                let m = p.message(l);
                assert!(m.trim().len() > 10, "{p:?} {l}");
                assert!(seen.insert(m), "{p:?}: {l} repeats another language");
            }
        }
    }

    #[test]
    fn messages_name_limits_and_values() {
        let p = Problem::new(
            "name",
            ProblemKind::TooLong {
                max: 100,
                actual: 101,
            },
        );
        for l in Lang::ALL {
            assert!(p.message(l).contains("100") && p.message(l).contains("101"));
        }
        let p = Problem::new(
            "status",
            ProblemKind::NotAllowed {
                allowed: vec!["In gebruik".into(), "Buiten gebruik".into()],
            },
        );
        assert!(p.message(Lang::Fy).contains("In gebruik, Buiten gebruik"));
        assert!(
            Problem::new("standard_version", ProblemKind::UnknownVersion)
                .message(Lang::Nl)
                .contains("0.2.3")
        );
    }

    #[test]
    fn serialises_with_a_stable_code() {
        for kind in every_kind() {
            let p = Problem::new("x[1].title", kind.clone());
            let v = serde_json::to_value(&p).expect("serialises");
            assert_eq!(v["code"], json!(kind.code()));
            assert_eq!(v["path"], json!("x[1].title"));
            let back: Problem = serde_json::from_value(v).expect("deserialises");
            assert_eq!(back, p);
        }
        let v = serde_json::to_value(Problem::new(
            "name",
            ProblemKind::TooLong {
                max: 100,
                actual: 101,
            },
        ))
        .expect("serialises");
        assert_eq!(
            v,
            json!({"path": "name", "code": "too_long", "max": 100, "actual": 101})
        );
    }

    #[test]
    fn label_and_field_key() {
        let def = crate::standard(StandardVersion::V1_0);
        let p = Problem::new("lawful_basis_grouping[2].link", ProblemKind::NotUrl);
        assert_eq!(p.field_key(), "lawful_basis_grouping");
        assert!(
            p.message_with_label(def, Lang::Nl)
                .starts_with("Verwijzingen wettelijke basis (nr. 3): ")
        );
        assert!(
            Problem::new("name", ProblemKind::Required)
                .message_with_label(def, Lang::En)
                .starts_with("Name: ")
        );
    }
}
