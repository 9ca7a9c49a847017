//! The shapes of names in the format: course slugs, language codes, ids and module
//! file names.

/// Course ids are folder names and appear in URLs: lowercase a-z, 0-9 and hyphens.
pub fn is_valid_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A lowercase ISO 639 code (two or three letters).
pub fn is_valid_language(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

/// Module, question, scenario and step ids. They end up in URLs and database keys,
/// so they are one word of ASCII letters, digits, hyphens and underscores.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 100 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The parts of a module file name `NN-name.<lang>.md`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleFileName {
    /// `NN-name`, the part shared by all translations of a module.
    pub stem: String,
    pub number: u32,
    pub language: String,
}

pub fn parse_module_file_name(name: &str) -> Option<ModuleFileName> {
    let rest = name.strip_suffix(".md")?;
    let (stem, language) = rest.rsplit_once('.')?;
    if !is_valid_language(language) {
        return None;
    }
    let (number, label) = stem.split_once('-')?;
    if number.len() != 2 || !number.bytes().all(|b| b.is_ascii_digit()) || !is_valid_slug(label) {
        return None;
    }
    Some(ModuleFileName {
        stem: stem.to_string(),
        number: number.parse().ok()?,
        language: language.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names() {
        let f = parse_module_file_name("01-indicators.en.md").unwrap();
        assert_eq!((f.stem.as_str(), f.number, f.language.as_str()), ("01-indicators", 1, "en"));
        assert!(parse_module_file_name("01-first-contact.lt.md").is_some());
        for bad in [
            "1-indicators.en.md",
            "001-indicators.en.md",
            "01_indicators.en.md",
            "01-indicators.md",
            "01-Indicators.en.md",
            "01-indicators.EN.md",
            "01-indicators.english.md",
            "README.md",
            "01-.en.md",
        ] {
            assert!(parse_module_file_name(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn slugs_and_ids() {
        assert!(is_valid_slug("trafficking-basics-2"));
        assert!(!is_valid_slug("Trafficking"));
        assert!(!is_valid_slug("-x"));
        assert!(!is_valid_slug("a_b"));
        assert!(is_valid_id("consent_irrelevant-2"));
        assert!(!is_valid_id("two words"));
        assert!(!is_valid_id("ąčę"));
        assert!(!is_valid_id(""));
    }
}
