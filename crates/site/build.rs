//! Embeds every text file under `locales/{lang}/*.ftl` and every stylesheet under `assets/css/*.css`
//! (in name order), so that adding a file needs no code change.

use std::fmt::Write;
use std::path::Path;

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    out.sort();
    out
}

fn main() {
    // Read at run time (not `env!`, which would bake in the folder the build script was compiled in:
    // a target folder reused by another checkout would then embed that checkout's files), and the
    // rerun paths relative to the package, so a checkout elsewhere is watched on its own files.
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let mut code = String::from(
        "/// (language, file name, contents) of every text file.\npub(crate) const LOCALE_FILES: &[(&str, &str, &str)] = &[\n",
    );
    for lang in ["nl", "en", "fy"] {
        let dir = root.join("locales").join(lang);
        println!("cargo:rerun-if-changed=locales/{lang}");
        for f in files(&dir, "ftl") {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            writeln!(
                code,
                "    ({lang:?}, {name:?}, include_str!({:?})),",
                f.display()
            )
            .unwrap();
        }
    }
    code.push_str("];\n/// (file name, contents) of every stylesheet, in name order.\npub(crate) const CSS_FILES: &[(&str, &str)] = &[\n");
    let css = root.join("assets").join("css");
    println!("cargo:rerun-if-changed=assets/css");
    for f in files(&css, "css") {
        let name = f.file_name().unwrap().to_string_lossy().into_owned();
        writeln!(code, "    ({name:?}, include_str!({:?})),", f.display()).unwrap();
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, code).unwrap();
}
