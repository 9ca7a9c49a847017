//! Checks of rendered certificates as other programs see them: poppler reads the text layer,
//! fonts and page size, zbar scans the QR code from a rasterised page. One test binary keeps
//! linking cheap.

mod embedded_fonts;
mod input_errors;
mod long_text;
mod page_and_metadata;
mod qr_code;
mod support;
mod text_layer;
