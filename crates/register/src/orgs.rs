//! Organisations: seeding from the national lists shipped with the binary, and reading.

use algoreg_domain::{OrgCode, OrgType, Organisation, PublicationFlow};

use crate::{Register, RegisterError};

/// The national lists (public facts), with the organisation type each file holds. `nationaal.csv`
/// (ministries) carries its type per row.
const LISTS: &[(&str, Option<OrgType>)] = &[
    (
        include_str!("../seed/gemeenten.csv"),
        Some(OrgType::Gemeente),
    ),
    (
        include_str!("../seed/provincies.csv"),
        Some(OrgType::Provincie),
    ),
    (
        include_str!("../seed/waterschappen.csv"),
        Some(OrgType::Waterschap),
    ),
    (
        include_str!("../seed/veiligheidsregios.csv"),
        Some(OrgType::Veiligheidsregio),
    ),
    (
        include_str!("../seed/omgevingsdiensten.csv"),
        Some(OrgType::Omgevingsdienst),
    ),
    (include_str!("../seed/nationaal.csv"), None),
];

/// Every organisation of the national lists, in a stable order, each code once. All start with the
/// two-step flow; admins change the flow per organisation.
///
/// The list of environmental services names code `so0697` twice (the Utrecht service under its old and
/// its new name); the first row wins.
pub fn national_organisations() -> Vec<Organisation> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (text, fixed_type) in LISTS {
        let mut rows = csv::ReaderBuilder::new()
            .delimiter(b';')
            .from_reader(text.as_bytes());
        for rec in rows.records() {
            let rec = rec.expect("the embedded organisation lists are valid CSV");
            let org_type = fixed_type
                .or_else(|| OrgType::parse(&rec[1]))
                .expect("the embedded organisation lists name known types");
            let code =
                OrgCode::parse(&rec[2]).expect("the embedded organisation lists have valid codes");
            if !seen.insert(code.clone()) {
                continue;
            }
            out.push(Organisation {
                code,
                name: rec[0].to_owned(),
                org_type,
                parent: None,
                flow: PublicationFlow::TwoStep,
                public_page: true,
                about: String::new(),
                contact: String::new(),
            });
        }
    }
    out
}

impl Register {
    /// Adds the organisations of the national lists that are missing. Returns how many were added.
    pub async fn seed_organisations(&self) -> Result<u64, RegisterError> {
        Ok(self
            .store
            .insert_missing_organisations(&national_organisations())
            .await?)
    }

    pub async fn organisation(&self, code: &str) -> Result<Organisation, RegisterError> {
        let code = OrgCode::parse(code)
            .map_err(|_| RegisterError::UnknownOrganisation(code.to_owned()))?;
        self.store.organisation(&code).await.map_err(|e| match e {
            algoreg_store::StoreError::NotFound => {
                RegisterError::UnknownOrganisation(code.to_string())
            }
            other => other.into(),
        })
    }

    pub async fn organisations(&self) -> Result<Vec<Organisation>, RegisterError> {
        Ok(self.store.organisations().await?)
    }

    /// Creates or updates an organisation (platform admins only).
    pub async fn put_organisation(
        &self,
        actor: &algoreg_domain::Actor,
        org: Organisation,
    ) -> Result<(), RegisterError> {
        if !actor.is_admin() {
            return Err(algoreg_domain::Denied::MissingRole {
                needed: vec!["admin".into()],
            }
            .into());
        }
        Ok(self.store.upsert_organisations(&[org]).await?)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn national_lists_parse_with_unique_codes() {
        let orgs = super::national_organisations();
        assert!(orgs.len() > 400, "{}", orgs.len());
        let mut codes: Vec<_> = orgs.iter().map(|o| o.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), orgs.len(), "duplicate organisation codes");
        assert!(
            orgs.iter()
                .any(|o| o.code.as_str() == "gm0363" && o.name == "Gemeente Amsterdam")
        );
        assert!(
            orgs.iter()
                .any(|o| o.code.as_str() == "so0697" && o.name == "Omgevingsdienst Regio Utrecht")
        );
        assert_eq!(
            orgs.iter()
                .filter(|o| o.org_type == algoreg_domain::OrgType::Gemeente)
                .count(),
            342
        );
    }
}
