//! What the generator derives from each organisation once per run: its kind (which archetypes fit),
//! its weight (how many descriptions it gets), a plausible web domain, and stable habits such as the
//! style of its contact address. Habits come from a hash of the organisation code, so an organisation
//! looks the same across seeds.

use algoreg_domain::{OrgCode, OrgType};

use crate::DemoOrg;
use crate::archetypes::{G, O, P, POL, R, V, W, X, Z};
use crate::rng::{hash_str, mix64, unit_from};
use crate::text::slugify;

pub(crate) struct OrgProfile {
    pub code: OrgCode,
    pub name: String,
    /// One of the kind bits of [`crate::archetypes`].
    pub kind: u16,
    /// The name without its type word: "Amsterdam", "Fryslân", "Rijnland".
    pub place: String,
    pub domain: String,
    /// For repository paths: "amsterdam", "minbzk".
    pub slug: String,
    pub de_org: &'static str,
    pub de_org_cap: &'static str,
    pub weight: u64,
    /// Stable per-organisation habits.
    pub habit: u64,
    /// Whether names may get the place added ("Slimme verkeerslichten Utrecht").
    pub local: bool,
}

/// The biggest municipalities (CBS codes) get more descriptions: a factor on top of the type's weight.
const BIG_MUNICIPALITIES: &[(&str, f64)] = &[
    ("gm0363", 14.0), // Amsterdam
    ("gm0599", 11.0), // Rotterdam
    ("gm0518", 10.0), // 's-Gravenhage
    ("gm0344", 9.0),  // Utrecht
    ("gm0772", 6.0),  // Eindhoven
    ("gm0014", 6.0),  // Groningen
    ("gm0855", 5.0),  // Tilburg
    ("gm0034", 5.0),  // Almere
    ("gm0758", 5.0),  // Breda
    ("gm0268", 5.0),  // Nijmegen
    ("gm0200", 4.0),  // Apeldoorn
    ("gm0202", 4.0),  // Arnhem
    ("gm0392", 4.0),  // Haarlem
    ("gm0193", 4.0),  // Zwolle
    ("gm0796", 4.0),  // 's-Hertogenbosch
    ("gm0153", 4.0),  // Enschede
    ("gm0307", 3.5),  // Amersfoort
    ("gm0394", 3.5),  // Haarlemmermeer
    ("gm0935", 3.5),  // Maastricht
    ("gm0546", 3.5),  // Leiden
    ("gm0505", 3.0),  // Dordrecht
    ("gm0503", 3.0),  // Delft
    ("gm0479", 3.0),  // Zaanstad
    ("gm0080", 3.0),  // Leeuwarden
];

impl OrgProfile {
    pub(crate) fn new(org: &DemoOrg) -> Self {
        let habit = hash_str(org.code.as_str());
        let (kind, base) = kind_and_weight(org.org_type);
        let size = match org.org_type {
            OrgType::Gemeente => BIG_MUNICIPALITIES
                .iter()
                .find(|(c, _)| *c == org.code.as_str())
                .map(|(_, f)| *f)
                .unwrap_or_else(|| {
                    // Most municipalities are small: a skewed factor between 0.25 and 2.5.
                    let x = unit_from(mix64(habit ^ 1));
                    0.25 + 2.25 * x * x * x
                }),
            _ => 0.5 + unit_from(mix64(habit ^ 1)),
        };
        let weight = ((base * size * 1000.0) as u64).max(1);

        let place = strip_type_word(&org.name).to_string();
        let (domain, slug) = domain_for(org.org_type, &org.name, &place);
        let (de_org, de_org_cap) = article(org.org_type, &org.name);
        let local = kind & (G | P | W | V | O) != 0 && place.chars().count() <= 30;
        Self {
            code: org.code.clone(),
            name: org.name.clone(),
            kind,
            place,
            domain,
            slug,
            de_org,
            de_org_cap,
            weight,
            habit,
            local,
        }
    }

    /// A stable choice among `n` options for habit number `which`.
    pub(crate) fn habit_pick(&self, which: u64, n: usize) -> usize {
        (mix64(self.habit ^ which.wrapping_mul(0x9E37_79B9_7F4A_7C15)) % n as u64) as usize
    }
}

fn kind_and_weight(t: OrgType) -> (u16, f64) {
    use OrgType::*;
    match t {
        Gemeente => (G, 1.0),
        CaribischOpenbaarLichaam
        | RegionaalSamenwerkingsorgaan
        | RegionaalSamenwerkingsverband
        | GrensoverschrijdendRegionaalSamenwerkingsorgaan => (G, 1.0),
        Provincie => (P, 3.0),
        Waterschap => (W, 2.5),
        Ministerie => (R, 9.0),
        Agentschap | Inspectie => (R, 4.0),
        ZelfstandigBestuursorgaan => (Z, 5.0),
        Veiligheidsregio | Brandweer => (V, 1.5),
        Omgevingsdienst => (O, 1.5),
        Politie => (POL, 6.0),
        _ => (X, 1.0),
    }
}

const TYPE_WORDS: &[&str] = &[
    "Gemeente ",
    "Provincie ",
    "Waterschap ",
    "Hoogheemraadschap van ",
    "Hoogheemraadschap ",
    "Wetterskip ",
    "Veiligheidsregio ",
    "Omgevingsdienst ",
    "Ministerie van ",
    "Ministerie voor ",
    "Openbaar lichaam ",
];

fn strip_type_word(name: &str) -> &str {
    for w in TYPE_WORDS {
        if let Some(rest) = name.strip_prefix(w) {
            return rest;
        }
    }
    name
}

/// An acronym in the name: "(UWV)" or a word in capitals such as "DCMR".
fn acronym(name: &str) -> Option<String> {
    if let (Some(a), Some(b)) = (name.find('('), name.find(')')) {
        let inner = &name[a + 1..b];
        if (2..=8).contains(&inner.len()) && inner.chars().all(|c| c.is_ascii_alphabetic()) {
            return Some(inner.to_ascii_lowercase());
        }
    }
    name.split_whitespace()
        .find(|w| w.len() >= 2 && w.len() <= 6 && w.chars().all(|c| c.is_ascii_uppercase()))
        .map(|w| w.to_ascii_lowercase())
}

fn domain_for(t: OrgType, name: &str, place: &str) -> (String, String) {
    let base = slugify(place);
    let base = if base.is_empty() {
        "overheid".to_string()
    } else {
        base
    };
    let short = |s: &str| -> String {
        s.chars()
            .take(32)
            .collect::<String>()
            .trim_end_matches('-')
            .to_string()
    };
    match t {
        OrgType::Gemeente => (format!("{}.nl", short(&base)), short(&base)),
        OrgType::Provincie => (
            format!("provincie-{}.nl", short(&base)),
            format!("provincie-{}", short(&base)),
        ),
        OrgType::Ministerie => {
            // "Binnenlandse Zaken en Koninkrijksrelaties" → "minbzk"; "Financiën" → "minfin".
            let caps: Vec<&str> = place
                .split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .collect();
            let code = if caps.len() >= 2 {
                caps.iter()
                    .filter_map(|w| w.chars().next())
                    .collect::<String>()
                    .to_lowercase()
            } else {
                slugify(place).chars().take(3).collect()
            };
            let code = slugify(&code);
            (format!("min{code}.nl"), format!("min{code}"))
        }
        _ => {
            if let Some(acr) = acronym(name) {
                return (format!("{acr}.nl"), acr);
            }
            let s = short(&base);
            match t {
                OrgType::Veiligheidsregio => (format!("vr-{s}.nl"), format!("vr-{s}")),
                OrgType::Omgevingsdienst => (format!("od-{s}.nl"), format!("od-{s}")),
                _ => (format!("{s}.nl"), s),
            }
        }
    }
}

fn article(t: OrgType, name: &str) -> (&'static str, &'static str) {
    use OrgType::*;
    match t {
        Gemeente => ("de gemeente", "De gemeente"),
        Provincie => ("de provincie", "De provincie"),
        Waterschap => ("het waterschap", "Het waterschap"),
        Ministerie => ("het ministerie", "Het ministerie"),
        Inspectie => ("de inspectie", "De inspectie"),
        Veiligheidsregio => ("de veiligheidsregio", "De veiligheidsregio"),
        Brandweer => ("de brandweer", "De brandweer"),
        Omgevingsdienst if name.starts_with("Omgevingsdienst") => {
            ("de omgevingsdienst", "De omgevingsdienst")
        }
        Omgevingsdienst => ("de milieudienst", "De milieudienst"),
        Politie => ("de politie", "De politie"),
        CaribischOpenbaarLichaam => ("het openbaar lichaam", "Het openbaar lichaam"),
        _ => ("de organisatie", "De organisatie"),
    }
}

/// A small fixed set of organisations of every common type, used when the caller passes none (and
/// handy in tests). Municipality, province, water-board, safety-region and environmental-service codes
/// are the national ones; the codes of ministries, agencies and other bodies are illustrative.
pub fn sample_orgs() -> Vec<DemoOrg> {
    const LIST: &[(&str, &str, OrgType)] = &[
        ("gm0363", "Gemeente Amsterdam", OrgType::Gemeente),
        ("gm0599", "Gemeente Rotterdam", OrgType::Gemeente),
        ("gm0518", "Gemeente 's-Gravenhage", OrgType::Gemeente),
        ("gm0344", "Gemeente Utrecht", OrgType::Gemeente),
        ("gm0772", "Gemeente Eindhoven", OrgType::Gemeente),
        ("gm0014", "Gemeente Groningen", OrgType::Gemeente),
        ("gm0193", "Gemeente Zwolle", OrgType::Gemeente),
        ("gm0080", "Gemeente Leeuwarden", OrgType::Gemeente),
        ("gm1680", "Gemeente Aa en Hunze", OrgType::Gemeente),
        ("gm0358", "Gemeente Aalsmeer", OrgType::Gemeente),
        ("gm0197", "Gemeente Aalten", OrgType::Gemeente),
        ("gm0059", "Gemeente Achtkarspelen", OrgType::Gemeente),
        ("gm1900", "Gemeente Súdwest-Fryslân", OrgType::Gemeente),
        ("gm0796", "Gemeente 's-Hertogenbosch", OrgType::Gemeente),
        ("gm0935", "Gemeente Maastricht", OrgType::Gemeente),
        ("gm0503", "Gemeente Delft", OrgType::Gemeente),
        ("gm0981", "Gemeente Vaals", OrgType::Gemeente),
        ("gm0088", "Gemeente Schiermonnikoog", OrgType::Gemeente),
        ("pv20", "Provincie Groningen", OrgType::Provincie),
        ("pv21", "Provincie Fryslân", OrgType::Provincie),
        ("pv25", "Provincie Gelderland", OrgType::Provincie),
        ("pv28", "Provincie Zuid-Holland", OrgType::Provincie),
        ("ws0155", "Waterschap Aa en Maas", OrgType::Waterschap),
        (
            "ws0616",
            "Hoogheemraadschap van Rijnland",
            OrgType::Waterschap,
        ),
        (
            "ws0372",
            "Hoogheemraadschap van Delfland",
            OrgType::Waterschap,
        ),
        ("ws0652", "Wetterskip Fryslân", OrgType::Waterschap),
        (
            "so0823",
            "Veiligheidsregio Groningen",
            OrgType::Veiligheidsregio,
        ),
        (
            "so0003",
            "Veiligheidsregio IJsselland",
            OrgType::Veiligheidsregio,
        ),
        (
            "so0335",
            "DCMR Milieudienst Rijnmond",
            OrgType::Omgevingsdienst,
        ),
        (
            "so0718",
            "Omgevingsdienst Achterhoek",
            OrgType::Omgevingsdienst,
        ),
        (
            "mnre1034",
            "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
            OrgType::Ministerie,
        ),
        ("mnre1090", "Ministerie van Financiën", OrgType::Ministerie),
        (
            "mnre1130",
            "Ministerie van Infrastructuur en Waterstaat",
            OrgType::Ministerie,
        ),
        (
            "mnre1150",
            "Ministerie van Sociale Zaken en Werkgelegenheid",
            OrgType::Ministerie,
        ),
        (
            "zb000143",
            "Uitvoeringsinstituut Werknemersverzekeringen (UWV)",
            OrgType::ZelfstandigBestuursorgaan,
        ),
        (
            "zb000301",
            "Sociale Verzekeringsbank (SVB)",
            OrgType::ZelfstandigBestuursorgaan,
        ),
        (
            "zb000412",
            "Dienst Wegverkeer (RDW)",
            OrgType::ZelfstandigBestuursorgaan,
        ),
        (
            "oorg10103",
            "Dienst Uitvoering Onderwijs (DUO)",
            OrgType::Agentschap,
        ),
        (
            "oorg10210",
            "Inspectie van het Onderwijs",
            OrgType::Inspectie,
        ),
        ("pol0001", "Politie", OrgType::Politie),
        ("org0042", "Raad voor de rechtspraak", OrgType::Rechtspraak),
    ];
    LIST.iter()
        .map(|(code, name, t)| DemoOrg {
            code: OrgCode::parse(code).expect("valid sample code"),
            name: (*name).to_string(),
            org_type: *t,
        })
        .collect()
}
