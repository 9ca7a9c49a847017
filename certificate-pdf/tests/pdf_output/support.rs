//! Sample certificates and the Debian tools (poppler-utils, zbar-tools) that inspect the PDFs
//! from the outside, the way a PDF reader, a printer or a phone camera sees them.

use std::path::PathBuf;
use std::process::Command;

use tiltas_certificate_pdf::{CertificateDocument, render};

/// A name with every Lithuanian letter with a diacritic, in lower and upper case.
pub const LITHUANIAN_NAME: &str = "Žydrūnė Ąžuolaitė-Čiūrienė ąčęėįšųūž ĄČĘĖĮŠŲŪŽ";
pub const LITHUANIAN_TITLE: &str = "„Prekybos žmonėmis aukų atpažinimas – pirmieji žingsniai“";
pub const CERTIFICATE_CODE: &str = "7K3F-Q9PX-M2WD";
pub const VERIFY_URL: &str = "https://tiltas.lt/verify/7K3F-Q9PX-M2WD";

pub fn lithuanian_details() -> Vec<(&'static str, String)> {
    vec![
        ("Baigimo data", "2026 m. kovo 12 d.".to_owned()),
        ("Galioja iki", "2029 m. kovo 12 d.".to_owned()),
        ("Pažymėjimo kodas", CERTIFICATE_CODE.to_owned()),
        ("Išdavė", "Mokymų platforma „Tiltas“".to_owned()),
        ("Baigiamasis vertinimas", "92 %".to_owned()),
    ]
}

/// A Lithuanian certificate; `holder_name`, `course_title` and `verify_url` vary per test.
pub fn lithuanian_certificate<'a>(
    holder_name: &'a str,
    course_title: &'a str,
    verify_url: &'a str,
    details: &'a [(&'a str, String)],
) -> CertificateDocument<'a> {
    CertificateDocument {
        language: "lt",
        heading: "Baigimo pažymėjimas",
        holder_name,
        statement: "baigė kursą",
        course_title,
        details,
        verify_label: "Pažymėjimo galiojimą galite patikrinti adresu",
        verify_url,
        platform_line: "„Tiltas“ – mokymai žmonėms, sutinkantiems prekybos žmonėmis aukas",
    }
}

/// Renders `doc` and writes it to a fresh file in Cargo's scratch directory for tests.
pub fn render_to_file(doc: &CertificateDocument<'_>, name: &str) -> PathBuf {
    let pdf = render(doc).expect("rendering the certificate");
    let directory = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("certificate-pdf");
    std::fs::create_dir_all(&directory).expect("creating the test output directory");
    let path = directory.join(format!("{name}.pdf"));
    std::fs::write(&path, pdf).expect("writing the PDF");
    path
}

/// Runs a command-line tool and returns its standard output. A missing tool fails the test
/// with the Debian package to install: these tests are the only check of the PDF as readers
/// see it, so they must never pass by skipping.
pub fn run_tool(tool: &str, debian_package: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|error| {
            panic!(
                "cannot run `{tool}` ({error}); install the Debian package {debian_package}: \
             apt-get install -y {debian_package}"
            )
        });
    assert!(
        output.status.success(),
        "`{tool} {}` failed with {}: {}",
        args.join(" "),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("tool output is UTF-8")
}

/// The PDF's text layer as poppler extracts it, with runs of whitespace (line breaks of
/// wrapped text included) collapsed to single spaces.
pub fn extracted_text(pdf: &std::path::Path) -> String {
    let text = run_tool(
        "pdftotext",
        "poppler-utils",
        &["-enc", "UTF-8", path_str(pdf), "-"],
    );
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn path_str(path: &std::path::Path) -> &str {
    path.to_str().expect("test paths are UTF-8")
}

/// One word of `pdftotext -bbox` output, with its box in points from the top-left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub y_max: f32,
}

/// The page size and every word with its bounding box, as poppler sees them.
pub fn words_with_boxes(pdf: &std::path::Path) -> ((f32, f32), Vec<Word>) {
    let html = run_tool(
        "pdftotext",
        "poppler-utils",
        &["-bbox", "-enc", "UTF-8", path_str(pdf), "-"],
    );
    let page = html
        .lines()
        .find(|line| line.trim_start().starts_with("<page "))
        .expect("a <page> element in pdftotext -bbox output");
    let page_size = (attribute(page, "width"), attribute(page, "height"));
    let words = html
        .lines()
        .map(str::trim)
        .filter(|line| line.starts_with("<word "))
        .map(|line| {
            let text_start = line.find('>').expect("word element") + 1;
            let text_end = line.rfind("</word>").expect("word end tag");
            Word {
                text: unescape_html(&line[text_start..text_end]),
                x_min: attribute(line, "xMin"),
                y_min: attribute(line, "yMin"),
                x_max: attribute(line, "xMax"),
                y_max: attribute(line, "yMax"),
            }
        })
        .collect();
    (page_size, words)
}

fn attribute(element: &str, name: &str) -> f32 {
    let marker = format!(" {name}=\"");
    let start = element
        .find(&marker)
        .unwrap_or_else(|| panic!("{name} in {element}"))
        + marker.len();
    let end = start + element[start..].find('"').expect("closing quote");
    element[start..end].parse().expect("a number")
}

fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}
