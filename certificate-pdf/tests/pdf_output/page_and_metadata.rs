//! One A4 landscape page, with a title, a language and tags for assistive technology.

use crate::support::{
    LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, lithuanian_certificate, lithuanian_details,
    path_str, render_to_file, run_tool,
};

fn pdfinfo_field<'a>(info: &'a str, field: &str) -> &'a str {
    info.lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {field} in pdfinfo output:\n{info}"))
        .trim()
}

#[test]
fn single_a4_landscape_page_with_title_and_tags() {
    let details = lithuanian_details();
    let doc = lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &details);
    let pdf = render_to_file(&doc, "page");
    let info = run_tool("pdfinfo", "poppler-utils", &[path_str(&pdf)]);

    assert_eq!(pdfinfo_field(&info, "Pages"), "1");
    // "841.89 x 595.28 pts (A4)"
    let size: Vec<f32> = pdfinfo_field(&info, "Page size")
        .split_whitespace()
        .filter_map(|part| part.parse().ok())
        .collect();
    assert_eq!(size.len(), 2, "{info}");
    assert_eq!((size[0].round(), size[1].round()), (842.0, 595.0), "{info}");
    assert_eq!(pdfinfo_field(&info, "Page rot"), "0");

    assert_eq!(
        pdfinfo_field(&info, "Title"),
        format!("Baigimo pažymėjimas — {LITHUANIAN_NAME}")
    );
    assert_eq!(pdfinfo_field(&info, "Tagged"), "yes");
}

#[test]
fn document_language_and_pdf_ua_marker_are_written() {
    let details = lithuanian_details();
    for language in ["lt", "en"] {
        let doc = tiltas_certificate_pdf::CertificateDocument {
            language,
            ..lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &details)
        };
        let pdf = tiltas_certificate_pdf::render(&doc).unwrap();
        // The catalog and the XMP metadata are not compressed, so they can be read directly.
        let raw = String::from_utf8_lossy(&pdf);
        let catalog_lang = format!("/Lang({language})");
        assert!(raw.contains(&catalog_lang), "no {catalog_lang}");
        assert!(
            raw.contains("<pdfuaid:part>1</pdfuaid:part>"),
            "not marked PDF/UA-1"
        );
    }
}

#[test]
fn statement_details_label_and_footer_may_be_empty() {
    let doc = tiltas_certificate_pdf::CertificateDocument {
        statement: "",
        verify_label: "",
        platform_line: "",
        ..lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, VERIFY_URL, &[])
    };
    let pdf = render_to_file(&doc, "minimal");
    let info = run_tool("pdfinfo", "poppler-utils", &[path_str(&pdf)]);
    assert_eq!(pdfinfo_field(&info, "Pages"), "1");
}
