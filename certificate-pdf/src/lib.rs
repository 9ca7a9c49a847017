//! Completion certificates for Tiltas as print-ready PDF files.
//!
//! One A4 landscape page with the heading, the holder's name, the course, a table of details
//! and a QR code leading to the public verification page. The text arrives already
//! translated; this crate only sets it. The result is a tagged PDF/UA-1 file with the DejaVu
//! fonts embedded as subsets and a Unicode text layer, so the name can be searched, copied and
//! read aloud exactly as written, Lithuanian letters included.
//!
//! Rendering is synchronous and CPU-bound (text shaping, font subsetting, compression): call
//! it from `spawn_blocking` in async code.
//!
//! The fonts are DejaVu Serif Bold, DejaVu Sans and DejaVu Sans Bold, compiled into the
//! binary by the `dejavu` crate and never read from the system. Their licence (Bitstream Vera
//! with public-domain DejaVu changes) allows embedding and redistribution; its text ships in
//! that crate under `assets/dejavu-fonts-ttf-2.37/LICENSE`.
//!
//! ```
//! use tiltas_certificate_pdf::{CertificateDocument, render};
//!
//! let details = [("Date", "12 March 2026".to_owned()), ("Code", "7K3F-Q9PX".to_owned())];
//! let pdf = render(&CertificateDocument {
//!     language: "en",
//!     heading: "Certificate of completion",
//!     holder_name: "Žydrūnė Ąžuolaitė-Čiūrienė",
//!     statement: "has completed the course",
//!     course_title: "Recognising trafficking",
//!     details: &details,
//!     verify_label: "Check this certificate at",
//!     verify_url: "https://tiltas.example/verify/7K3F-Q9PX",
//!     platform_line: "Tiltas — training for people who meet victims of trafficking",
//! })
//! .unwrap();
//! assert!(pdf.starts_with(b"%PDF-"));
//! ```

mod layout;
mod qr_code;
mod render;
mod text_fit;
mod typeface;

/// Everything printed on a certificate, already in the certificate's language.
#[derive(Debug, Clone, Copy)]
pub struct CertificateDocument<'a> {
    /// Language of the text as a BCP 47 tag ("en", "lt"); becomes the PDF's document language,
    /// which screen readers use to pick a voice.
    pub language: &'a str,
    /// "Certificate of completion" / "Baigimo pažymėjimas".
    pub heading: &'a str,
    /// The holder's name exactly as it should be printed.
    pub holder_name: &'a str,
    /// "has completed the course" / "baigė kursą".
    pub statement: &'a str,
    pub course_title: &'a str,
    /// Label/value rows printed as a table in this order (date, valid until, code, issuer,
    /// score, …).
    pub details: &'a [(&'a str, String)],
    /// "Check this certificate at", printed above the address.
    pub verify_label: &'a str,
    /// The public verification address: printed, linked and encoded in the QR code.
    pub verify_url: &'a str,
    /// Small line at the bottom of the page.
    pub platform_line: &'a str,
}

/// Why a certificate could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the certificate field `{0}` is empty")]
    EmptyField(&'static str),
    /// Far longer than any real certificate text; refused before layout so that hostile
    /// input cannot keep a worker thread busy measuring text.
    #[error("the certificate field `{field}` is longer than {max_chars} characters")]
    FieldTooLong {
        field: &'static str,
        max_chars: usize,
    },
    #[error("a certificate has at most {MAX_DETAIL_ROWS} detail rows")]
    TooManyDetails,
    #[error("`{0}` is not a language tag such as \"en\" or \"lt\"")]
    InvalidLanguage(String),
    /// Some characters have no glyph in the embedded fonts; printing them as empty boxes on a
    /// certificate would be wrong, so the caller should correct the text instead.
    #[error("the certificate font cannot print {}", describe_characters(.0))]
    UnsupportedCharacters(Vec<char>),
    #[error("the verification address cannot be encoded as a QR code: {0}")]
    QrCode(String),
    #[error("the certificate text is too long to fit on one page")]
    DoesNotFit,
    #[error("the embedded certificate font could not be read")]
    FontUnreadable,
    #[error("writing the PDF failed: {0}")]
    Export(String),
}

/// Generous limits: about twice the longest realistic text for each field.
const MAX_NAME_CHARS: usize = 200;
const MAX_TEXT_CHARS: usize = 300;
const MAX_URL_CHARS: usize = 500;
const MAX_DETAIL_ROWS: usize = 20;

fn describe_characters(characters: &[char]) -> String {
    characters
        .iter()
        .map(|character| format!("{character:?} (U+{:04X})", u32::from(*character)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders the certificate as a one-page A4 landscape PDF.
pub fn render(doc: &CertificateDocument<'_>) -> Result<Vec<u8>, PdfError> {
    check_fields(doc)?;
    let fonts = typeface::Typefaces::load()?;
    check_characters(doc, &fonts)?;
    let layout = layout::lay_out(doc, &fonts)?;
    render::write_pdf(doc, &layout)
}

fn check_fields(doc: &CertificateDocument<'_>) -> Result<(), PdfError> {
    let required = [
        ("heading", doc.heading),
        ("holder_name", doc.holder_name),
        ("course_title", doc.course_title),
        ("verify_url", doc.verify_url),
    ];
    for (name, value) in required {
        if value.trim().is_empty() {
            return Err(PdfError::EmptyField(name));
        }
    }
    let limited = [
        ("heading", doc.heading, MAX_TEXT_CHARS),
        ("holder_name", doc.holder_name, MAX_NAME_CHARS),
        ("statement", doc.statement, MAX_TEXT_CHARS),
        ("course_title", doc.course_title, MAX_TEXT_CHARS),
        ("verify_label", doc.verify_label, MAX_TEXT_CHARS),
        ("verify_url", doc.verify_url, MAX_URL_CHARS),
        ("platform_line", doc.platform_line, MAX_TEXT_CHARS),
    ];
    let detail_fields = doc.details.iter().flat_map(|(label, value)| {
        [
            ("details label", *label, MAX_NAME_CHARS),
            ("details value", value.as_str(), MAX_TEXT_CHARS),
        ]
    });
    for (field, value, max_chars) in limited.into_iter().chain(detail_fields) {
        if value.chars().count() > max_chars {
            return Err(PdfError::FieldTooLong { field, max_chars });
        }
    }
    if doc.details.len() > MAX_DETAIL_ROWS {
        return Err(PdfError::TooManyDetails);
    }
    // The tag is written into the file as is; only letters, digits and hyphens belong there.
    let language_is_tag = !doc.language.is_empty()
        && doc.language.len() <= 35
        && doc
            .language
            .split('-')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    if !language_is_tag {
        return Err(PdfError::InvalidLanguage(doc.language.to_owned()));
    }
    Ok(())
}

/// Every printed character must be in the font of the part it is printed in. Checked against
/// all three fonts at once: DejaVu's faces cover the same characters for Latin, Cyrillic and
/// Greek text, and a character missing from any of them is reported.
fn check_characters(
    doc: &CertificateDocument<'_>,
    fonts: &typeface::Typefaces,
) -> Result<(), PdfError> {
    let texts = [
        doc.heading,
        doc.holder_name,
        doc.statement,
        doc.course_title,
        doc.verify_label,
        doc.verify_url,
        doc.platform_line,
    ];
    let detail_texts = doc
        .details
        .iter()
        .flat_map(|(label, value)| [*label, value.as_str()]);
    let mut missing: Vec<char> = texts
        .into_iter()
        .chain(detail_texts)
        .flat_map(str::chars)
        .filter(|character| !fonts.all().iter().all(|face| face.covers(*character)))
        .collect();
    missing.sort_unstable();
    missing.dedup();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(PdfError::UnsupportedCharacters(missing))
    }
}
