//! The text can be searched, copied and read aloud as written: every Lithuanian letter and
//! the „ “ quotes come back out of the PDF unchanged.

use crate::support::{
    CERTIFICATE_CODE, LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, extracted_text,
    lithuanian_certificate, lithuanian_details, render_to_file,
};

#[test]
fn text_layer_keeps_lithuanian_letters_quotes_and_the_code() {
    // The fixture itself must contain what the test claims to check.
    for letter in "ąčęėįšųūžĄČĘĖĮŠŲŪŽ".chars() {
        assert!(LITHUANIAN_NAME.contains(letter), "fixture lacks {letter}");
    }
    assert!(LITHUANIAN_TITLE.starts_with('„') && LITHUANIAN_TITLE.ends_with('“'));

    let details = lithuanian_details();
    let doc = lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &details);
    let text = extracted_text(&render_to_file(&doc, "text-layer"));

    for expected in [
        LITHUANIAN_NAME,
        LITHUANIAN_TITLE,
        CERTIFICATE_CODE,
        "Baigimo pažymėjimas",
        "baigė kursą",
        "Pažymėjimo kodas",
        "Mokymų platforma „Tiltas“",
        VERIFY_URL,
        "„Tiltas“ – mokymai žmonėms",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from text layer:\n{text}"
        );
    }
}

#[test]
fn ligatures_extract_as_their_letters() {
    // DejaVu draws "ffi" and "fi" as ligature glyphs; the text layer must still say "ffi".
    let details = lithuanian_details();
    let title = "Trafficking: first steps";
    let doc = lithuanian_certificate("Office Staff", title, VERIFY_URL, &details);
    let text = extracted_text(&render_to_file(&doc, "ligatures"));
    assert!(text.contains(title), "{text}");
    assert!(text.contains("Office Staff"), "{text}");
}
