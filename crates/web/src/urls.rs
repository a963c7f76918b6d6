//! The register's public URLs, made in one place so that every front door links the same way.

/// The canonical public page of a description: `/algoritme/{id}/{slug}`.
pub fn algorithm(base: &str, id: &str, name: &str) -> String {
    let slug = algoreg_register::slug(name);
    if slug.is_empty() {
        format!("{base}/algoritme/{id}")
    } else {
        format!("{base}/algoritme/{id}/{slug}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn canonical_urls() {
        assert_eq!(
            super::algorithm("https://r.example", "15888639", "Maaibeheer: slim plannen!"),
            "https://r.example/algoritme/15888639/maaibeheer-slim-plannen"
        );
        assert_eq!(
            super::algorithm("", "15888639", "¿?"),
            "/algoritme/15888639"
        );
    }
}
