//! The stylesheet and script, embedded in the binary and served under names that carry a hash of
//! their contents, so browsers may keep them for a year and still never see a stale one.

use std::sync::LazyLock;

use crate::embedded::CSS_FILES;

/// One static file.
#[derive(Debug)]
pub struct Asset {
    /// The path it is served at, e.g. `/assets/site.3f2a9c01.css`.
    pub path: String,
    pub content_type: &'static str,
    pub body: String,
}

/// FNV-1a, 64 bits: stable across builds and platforms, enough to tell versions of a file apart.
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn asset(stem: &str, ext: &str, content_type: &'static str, body: String) -> Asset {
    let hash = content_hash(body.as_bytes());
    Asset {
        path: format!("/assets/{stem}.{:08x}.{ext}", hash as u32),
        content_type,
        body,
    }
}

/// Every stylesheet of `assets/css/`, in name order, as one file.
pub static CSS: LazyLock<Asset> = LazyLock::new(|| {
    let mut body = String::new();
    for (name, src) in CSS_FILES {
        body.push_str("/* ");
        body.push_str(name);
        body.push_str(" */\n");
        body.push_str(src.trim());
        body.push('\n');
    }
    asset("site", "css", "text/css; charset=utf-8", body)
});

/// The progressive-enhancement script: nothing needs it.
pub static JS: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "site",
        "js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/js/site.js").to_owned(),
    )
});

/// The asset served at `path`, if any.
pub fn find(path: &str) -> Option<&'static Asset> {
    [&*CSS, &*JS].into_iter().find(|a| a.path == path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_carry_the_hash() {
        let css = &*super::CSS;
        assert!(css.path.starts_with("/assets/site.") && css.path.ends_with(".css"));
        assert!(super::find(&css.path).is_some());
        assert!(super::find("/assets/site.00000000.css").is_none());
        assert_ne!(super::content_hash(b"a"), super::content_hash(b"b"));
    }
}
