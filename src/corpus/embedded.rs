//! The seed articles compiled into the binary (see `build.rs`), loaded when
//! no path is given and there is no `./seeds` folder.

include!(concat!(env!("OUT_DIR"), "/embedded_seeds.rs"));

/// The bundled seed articles as (file name, text), sorted by name.
pub fn embedded_seeds() -> &'static [(&'static str, &'static str)] {
    SEEDS
}

#[cfg(test)]
mod tests {
    #[test]
    fn seeds_are_embedded() {
        let seeds = super::embedded_seeds();
        assert!(seeds.len() >= 5);
        assert!(
            seeds
                .iter()
                .all(|(n, t)| n.ends_with(".txt") && !t.is_empty())
        );
    }
}
