//! Organisations: their national code, type and publication flow.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The national organisation code (TOOI), lower case: `gm0363`, `pv27`, `ws0155`, `mnre1034`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not a valid organisation code: expected lower-case letters followed by digits, such as gm0363"
)]
pub struct OrgCodeError;

impl OrgCode {
    /// Accepts any case (`GM0363` becomes `gm0363`); letters then digits, 3–16 characters.
    pub fn parse(s: &str) -> Result<Self, OrgCodeError> {
        let s = s.trim().to_ascii_lowercase();
        let letters = s.bytes().take_while(u8::is_ascii_lowercase).count();
        let digits = s.len() - letters;
        if !(3..=16).contains(&s.len())
            || letters == 0
            || digits == 0
            || !s.bytes().skip(letters).all(|b| b.is_ascii_digit())
        {
            return Err(OrgCodeError);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrgCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for OrgCode {
    type Err = OrgCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for OrgCode {
    type Error = OrgCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<OrgCode> for String {
    fn from(c: OrgCode) -> String {
        c.0
    }
}

macro_rules! string_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $variant:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $s),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some($name::$variant),)+ _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}
pub(crate) use string_enum;

string_enum! {
    /// The 25 organisation types, spelt as the delivery API spells them.
    OrgType {
        Gemeente = "gemeente",
        Provincie = "provincie",
        Waterschap = "waterschap",
        Ministerie = "ministerie",
        ZelfstandigBestuursorgaan = "zelfstandig_bestuursorgaan",
        Veiligheidsregio = "veiligheidsregio",
        Omgevingsdienst = "omgevingsdienst",
        Politie = "politie",
        Rechtspraak = "rechtspraak",
        Agentschap = "agentschap",
        Adviescollege = "adviescollege",
        Inspectie = "inspectie",
        HoogCollegeVanStaat = "hoog_college_van_staat",
        Koepelorganisatie = "koepelorganisatie",
        Organisatieonderdeel = "organisatieonderdeel",
        Brandweer = "brandweer",
        CaribischOpenbaarLichaam = "caribisch_openbaar_lichaam",
        InterdepartementaleCommissie = "interdepartementale_commissie",
        KabinetVanDeKoning = "kabinet_van_de_koning",
        OpenbaarLichaamVoorBeroepEnBedrijf = "openbaar_lichaam_voor_beroep_en_bedrijf",
        OrganisatieMetOverheidsbemoeienis = "organisatie_met_overheidsbemoeienis",
        RegionaalSamenwerkingsorgaan = "regionaal_samenwerkingsorgaan",
        RegionaalSamenwerkingsverband = "regionaal_samenwerkingsverband",
        GrensoverschrijdendRegionaalSamenwerkingsorgaan = "grensoverschrijdend_regionaal_samenwerkingsorgaan",
        Overig = "overig",
    }
}

impl OrgType {
    /// The form of the national code of organisations of this type, where the national lists fix
    /// one: (letters, number of digits). Other types take any valid [`OrgCode`].
    pub fn code_form(self) -> Option<(&'static str, usize)> {
        match self {
            Self::Gemeente => Some(("gm", 4)),
            Self::Provincie => Some(("pv", 2)),
            Self::Waterschap => Some(("ws", 4)),
            Self::Ministerie => Some(("mnre", 4)),
            Self::Veiligheidsregio | Self::Omgevingsdienst => Some(("so", 4)),
            _ => None,
        }
    }
}

impl OrgCode {
    /// Whether this code has the form the national lists give organisations of type `t`.
    pub fn fits(&self, t: OrgType) -> bool {
        match t.code_form() {
            Some((letters, digits)) => self.0.strip_prefix(letters).is_some_and(|rest| {
                rest.len() == digits && rest.bytes().all(|b| b.is_ascii_digit())
            }),
            None => true,
        }
    }
}

string_enum! {
    /// How an organisation's descriptions get published.
    PublicationFlow {
        /// An editor submits; an approver of the same organisation, who did not make the last change,
        /// publishes or rejects.
        TwoStep = "two_step",
        /// An editor submits; the register's central publishers publish or reject.
        Central = "central",
    }
}

/// An organisation as the register knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub code: OrgCode,
    pub name: String,
    pub org_type: OrgType,
    pub parent: Option<OrgCode>,
    pub flow: PublicationFlow,
    pub public_page: bool,
    /// Short public text about the organisation (plain text).
    #[serde(default)]
    pub about: String,
    /// A general e-mail address or https URL where the public can ask questions.
    #[serde(default)]
    pub contact: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_codes() {
        assert_eq!(OrgCode::parse("GM0363").unwrap().as_str(), "gm0363");
        assert_eq!(OrgCode::parse("mnre1034").unwrap().as_str(), "mnre1034");
        for bad in ["", "0363", "gm", "gm03x3", "gm-0363", "g m0363"] {
            assert!(OrgCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_fit_their_type() {
        let c = |s: &str| OrgCode::parse(s).unwrap();
        assert!(c("gm0363").fits(OrgType::Gemeente));
        assert!(!c("gm363").fits(OrgType::Gemeente));
        assert!(!c("pv27").fits(OrgType::Gemeente));
        assert!(c("pv27").fits(OrgType::Provincie));
        assert!(c("so0697").fits(OrgType::Omgevingsdienst));
        assert!(c("zbo1234").fits(OrgType::ZelfstandigBestuursorgaan));
    }

    #[test]
    fn org_types_round_trip() {
        assert_eq!(OrgType::ALL.len(), 25);
        for t in OrgType::ALL {
            assert_eq!(OrgType::parse(t.as_str()), Some(*t));
        }
    }
}
