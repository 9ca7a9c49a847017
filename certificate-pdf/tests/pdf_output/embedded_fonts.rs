//! The fonts travel inside the PDF: it prints the same everywhere, and only the glyphs used
//! are embedded, each with a map back to Unicode.

use crate::support::{
    LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, lithuanian_certificate, lithuanian_details,
    path_str, render_to_file, run_tool,
};

#[test]
fn every_font_is_embedded_as_a_subset_with_a_unicode_map() {
    let details = lithuanian_details();
    let doc = lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &details);
    let pdf = render_to_file(&doc, "fonts");
    let listing = run_tool("pdffonts", "poppler-utils", &[path_str(&pdf)]);

    // Two header lines, then: name, type (may contain spaces), encoding, emb, sub, uni, id.
    let fonts: Vec<&str> = listing
        .lines()
        .skip(2)
        .filter(|line| !line.trim().is_empty())
        .collect();
    assert!(!fonts.is_empty(), "no fonts listed:\n{listing}");
    for font in fonts {
        let columns: Vec<&str> = font.split_whitespace().collect();
        let name = columns[0];
        let [emb, sub, uni] =
            [columns.len() - 5, columns.len() - 4, columns.len() - 3].map(|index| columns[index]);
        assert!(
            name.contains("DejaVu"),
            "unexpected font {name}:\n{listing}"
        );
        // A subset's name starts with six capital letters and a plus sign.
        let (prefix, _) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("{name} is no subset"));
        assert!(prefix.len() == 6 && prefix.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!((emb, sub, uni), ("yes", "yes", "yes"), "{font}");
    }
}

#[test]
fn the_pdf_stays_small_because_fonts_are_subset() {
    let details = lithuanian_details();
    let doc = lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &details);
    let size = std::fs::metadata(render_to_file(&doc, "size"))
        .unwrap()
        .len();
    // The three full DejaVu files are about 2 MB together.
    assert!(size < 150_000, "{size} bytes");
}
