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

/// Percent-encodes a path segment or query value: letters, digits and `-_.~` stay, the rest `%XX`.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
        assert_eq!(
            super::encode_component("/beheer?x=ë y"),
            "%2Fbeheer%3Fx%3D%C3%AB%20y"
        );
    }
}
