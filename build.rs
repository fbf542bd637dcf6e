//! Embeds the bundled seed articles so `newsdesk` works from any folder.
use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let seeds = Path::new(&manifest).join("seeds");
    println!("cargo:rerun-if-changed=seeds");
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".txt"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from(
        "/// The bundled seed articles: (file name, text).\npub static SEEDS: &[(&str, &str)] = &[\n",
    );
    for n in &names {
        let path = seeds.join(n);
        writeln!(
            code,
            "    ({n:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_seeds.rs");
    std::fs::write(out, code).expect("write embedded_seeds.rs");
}
