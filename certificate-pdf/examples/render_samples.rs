//! Writes an English and a Lithuanian sample certificate, for looking at the layout:
//! `cargo run -p tiltas-certificate-pdf --example render_samples -- /tmp`
//! writes /tmp/cert-en.pdf and /tmp/cert-lt.pdf.

use std::path::PathBuf;

use tiltas_certificate_pdf::{CertificateDocument, render};

fn main() {
    let directory = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| ".".to_owned()));
    let english_details = [
        ("Date of completion", "12 March 2026".to_owned()),
        ("Valid until", "12 March 2029".to_owned()),
        ("Certificate code", "7K3F-Q9PX-M2WD".to_owned()),
        ("Issued by", "Tiltas training platform".to_owned()),
        ("Final assessment", "92 %".to_owned()),
    ];
    let english = CertificateDocument {
        language: "en",
        heading: "Certificate of completion",
        holder_name: "Žydrūnė Ąžuolaitė-Čiūrienė",
        statement: "has completed the course",
        course_title: "Recognising and referring presumed victims of human trafficking",
        details: &english_details,
        verify_label: "Check this certificate at",
        verify_url: "https://tiltas.lt/verify/7K3F-Q9PX-M2WD",
        platform_line: "Tiltas — training for people who meet victims of trafficking",
    };
    let lithuanian_details = [
        ("Baigimo data", "2026 m. kovo 12 d.".to_owned()),
        ("Galioja iki", "2029 m. kovo 12 d.".to_owned()),
        ("Pažymėjimo kodas", "7K3F-Q9PX-M2WD".to_owned()),
        ("Išdavė", "Mokymų platforma „Tiltas“".to_owned()),
        ("Baigiamasis vertinimas", "92 %".to_owned()),
    ];
    let lithuanian = CertificateDocument {
        language: "lt",
        heading: "Baigimo pažymėjimas",
        holder_name: "Žydrūnė Ąžuolaitė-Čiūrienė",
        statement: "baigė kursą",
        course_title: "„Prekybos žmonėmis aukų atpažinimas ir nukreipimas pagalbai“",
        details: &lithuanian_details,
        verify_label: "Pažymėjimo galiojimą galite patikrinti adresu",
        verify_url: "https://tiltas.lt/verify/7K3F-Q9PX-M2WD",
        platform_line: "„Tiltas“ – mokymai žmonėms, sutinkantiems prekybos žmonėmis aukas",
    };
    for (name, doc) in [("cert-en.pdf", english), ("cert-lt.pdf", lithuanian)] {
        let pdf = render(&doc).unwrap_or_else(|error| panic!("{name}: {error}"));
        let path = directory.join(name);
        std::fs::write(&path, pdf).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        println!("{}", path.display());
    }
}
