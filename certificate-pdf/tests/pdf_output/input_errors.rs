//! Input that cannot make a correct certificate is refused with a reason, never drawn wrongly.

use tiltas_certificate_pdf::{PdfError, render};

use crate::support::{
    LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, lithuanian_certificate, lithuanian_details,
};

#[test]
fn empty_name_is_refused() {
    let details = lithuanian_details();
    let doc = lithuanian_certificate("  ", LITHUANIAN_TITLE, VERIFY_URL, &details);
    assert!(matches!(
        render(&doc),
        Err(PdfError::EmptyField("holder_name"))
    ));
}

#[test]
fn characters_the_font_lacks_are_named() {
    let details = lithuanian_details();
    let doc = lithuanian_certificate("王秀英", LITHUANIAN_TITLE, VERIFY_URL, &details);
    let mut expected = vec!['王', '秀', '英'];
    expected.sort_unstable();
    match render(&doc) {
        Err(PdfError::UnsupportedCharacters(characters)) => assert_eq!(characters, expected),
        other => panic!("expected UnsupportedCharacters, got {other:?}"),
    }
}

#[test]
fn a_language_that_is_no_tag_is_refused() {
    let details = lithuanian_details();
    let doc = tiltas_certificate_pdf::CertificateDocument {
        language: "lt)/Evil(",
        ..lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &details)
    };
    assert!(matches!(render(&doc), Err(PdfError::InvalidLanguage(_))));
}

#[test]
fn absurdly_long_fields_are_refused_before_layout() {
    let details = lithuanian_details();
    let title = "Prekybos žmonėmis aukų atpažinimas ".repeat(40);
    let doc = lithuanian_certificate(LITHUANIAN_NAME, &title, VERIFY_URL, &details);
    assert!(matches!(
        render(&doc),
        Err(PdfError::FieldTooLong {
            field: "course_title",
            ..
        })
    ));
}

#[test]
fn text_that_cannot_fit_on_one_page_is_refused() {
    // Every field within its limit, but all of them long at once.
    let value = "Lietuvos Respublikos vidaus reikalų ministerijos mokymo centras ".repeat(4);
    let details: Vec<(&str, String)> = (0..20).map(|_| ("Išdavė", value.clone())).collect();
    let name = "Aleksandra Konstancija ".repeat(8);
    let title = "Prekybos žmonėmis aukų atpažinimas ".repeat(8);
    let doc = lithuanian_certificate(&name, &title, VERIFY_URL, &details);
    assert!(matches!(render(&doc), Err(PdfError::DoesNotFit)));
}

#[test]
fn rendering_is_deterministic() {
    // The same certificate gives the same bytes, so a stored copy can be compared or cached.
    let details = lithuanian_details();
    let doc = lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &details);
    assert_eq!(render(&doc).unwrap(), render(&doc).unwrap());
}
