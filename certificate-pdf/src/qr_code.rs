//! The verification QR code as vector graphics.
//!
//! Drawn as one path of filled rectangles rather than an image: it stays sharp at any print
//! resolution, needs no image decoder in the dependency tree, and one path avoids hairline
//! gaps between neighbouring modules that some viewers show when each square is separate.

use krilla::geom::{Path, PathBuilder, Rect};
use qrcode::{Color, EcLevel, QrCode};

use crate::PdfError;

/// The light margin a QR code needs around it to be found by scanners, in modules.
pub(crate) const QUIET_ZONE_MODULES: usize = 4;

/// The dark modules of a QR code, row by row.
pub(crate) struct QrMatrix {
    /// Modules along one side, without the quiet zone.
    pub(crate) width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Encodes `text` with medium error correction: it survives a fold or a smudge on paper
    /// while keeping modules large enough for a phone camera at this size.
    pub(crate) fn encode(text: &str) -> Result<Self, PdfError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
            .map_err(|error| PdfError::QrCode(error.to_string()))?;
        Ok(Self {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|color| color == Color::Dark)
                .collect(),
        })
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark[y * self.width + x]
    }

    /// Horizontal runs of dark modules as (column, row, length): neighbouring dark modules
    /// on a row become one rectangle, which keeps the path short.
    fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if !self.is_dark(x, y) {
                    x += 1;
                    continue;
                }
                let run_start = x;
                while x < self.width && self.is_dark(x, y) {
                    x += 1;
                }
                runs.push((run_start, y, x - run_start));
            }
        }
        runs
    }

    /// The symbol (without its quiet zone) as one path whose top-left corner is at
    /// (`left`, `top`), with square modules `module` points wide.
    pub(crate) fn to_path(&self, left: f32, top: f32, module: f32) -> Option<Path> {
        let mut builder = PathBuilder::new();
        for (x, y, length) in self.dark_runs() {
            builder.push_rect(Rect::from_xywh(
                left + x as f32 * module,
                top + y as f32 * module,
                length as f32 * module,
                module,
            )?);
        }
        builder.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_verification_url_as_a_small_symbol() {
        let matrix = QrMatrix::encode("https://tiltas.lt/verify/7K3F-Q9PX-M2WD").unwrap();
        // Versions 3 and 4 (29 and 33 modules) keep modules large on a 36 mm code.
        assert!(matrix.width <= 33, "{}", matrix.width);
        // The three finder patterns start with a dark corner.
        assert!(matrix.is_dark(0, 0));
        assert!(matrix.is_dark(matrix.width - 1, 0));
        assert!(matrix.is_dark(0, matrix.width - 1));
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let matrix = QrMatrix::encode("https://tiltas.lt/verify/ABC").unwrap();
        let mut covered = vec![false; matrix.width * matrix.width];
        for (x, y, length) in matrix.dark_runs() {
            for column in x..x + length {
                assert!(!covered[y * matrix.width + column], "module drawn twice");
                covered[y * matrix.width + column] = true;
            }
        }
        assert_eq!(covered, matrix.dark);
        assert!(matrix.to_path(10.0, 20.0, 2.0).is_some());
    }
}
