//! The QR code printed on the certificate leads to its verification page: the page is
//! rasterised like a print or a photo and scanned with zbar.

use crate::support::{
    LITHUANIAN_NAME, LITHUANIAN_TITLE, lithuanian_certificate, lithuanian_details, path_str,
    render_to_file, run_tool,
};

fn scanned_url(verify_url: &str, name: &str) -> String {
    let details = lithuanian_details();
    let doc = lithuanian_certificate(LITHUANIAN_NAME, LITHUANIAN_TITLE, verify_url, &details);
    let pdf = render_to_file(&doc, name);
    let png_stem = pdf.with_extension("");
    run_tool(
        "pdftoppm",
        "poppler-utils",
        &[
            "-png",
            "-r",
            "150",
            "-singlefile",
            path_str(&pdf),
            path_str(&png_stem),
        ],
    );
    let png = png_stem.with_extension("png");
    let decoded = run_tool("zbarimg", "zbar-tools", &["--raw", "-q", path_str(&png)]);
    decoded.trim_end_matches('\n').to_owned()
}

#[test]
fn qr_code_decodes_to_exactly_the_verification_url() {
    let url = "https://tiltas.lt/verify/7K3F-Q9PX-M2WD";
    assert_eq!(scanned_url(url, "qr-short"), url);
}

#[test]
fn a_longer_url_with_a_query_still_scans() {
    let url = "https://mokymai.tiltas.lt/pazymejimai/patikrinti?kodas=7K3F-Q9PX-M2WD&kalba=lt";
    assert_eq!(scanned_url(url, "qr-long"), url);
}
