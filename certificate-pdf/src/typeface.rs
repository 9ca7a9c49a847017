//! The embedded fonts and text shaping.
//!
//! Text is shaped once with rustybuzz and the same glyphs are both measured (for line breaking
//! and shrinking) and handed to krilla for drawing, so a line that was measured to fit is
//! exactly the line that ends up on the page, kerning included.

use std::ops::Range;
use std::str::FromStr;

use krilla::text::{Font, GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Language, UnicodeBuffer};

use crate::PdfError;

/// One font of the certificate: the krilla handle that embeds it, and the shaper's view of
/// the same bytes.
pub(crate) struct Typeface {
    pub(crate) pdf_font: Font,
    shaper: rustybuzz::Face<'static>,
    units_per_em: f32,
    /// Height above the baseline, in em, as the font's line metrics give it.
    pub(crate) ascent_em: f32,
    /// Depth below the baseline, in em (positive).
    pub(crate) descent_em: f32,
}

/// The fonts a certificate uses. The DejaVu files are compiled into the binary by the
/// `dejavu` crate (`include_bytes!`), so rendering never depends on fonts installed on the
/// server, and DejaVu covers every Lithuanian letter and the „ “ quotes.
pub(crate) struct Typefaces {
    /// Heading, name and course title: a serif face reads as formal on a certificate.
    pub(crate) serif_bold: Typeface,
    /// Statement and detail labels.
    pub(crate) sans: Typeface,
    /// Detail values.
    pub(crate) sans_bold: Typeface,
}

impl Typefaces {
    pub(crate) fn load() -> Result<Self, PdfError> {
        Ok(Self {
            serif_bold: Typeface::from_static(dejavu::serif::bold())?,
            sans: Typeface::from_static(dejavu::sans::regular())?,
            sans_bold: Typeface::from_static(dejavu::sans::bold())?,
        })
    }

    pub(crate) fn all(&self) -> [&Typeface; 3] {
        [&self.serif_bold, &self.sans, &self.sans_bold]
    }
}

/// A run of text shaped with one font, with advances in em (multiply by the font size).
#[derive(Debug, Clone)]
pub(crate) struct ShapedText {
    pub(crate) text: String,
    pub(crate) glyphs: Vec<KrillaGlyph>,
    pub(crate) width_em: f32,
}

impl ShapedText {
    pub(crate) fn width(&self, font_size: f32) -> f32 {
        self.width_em * font_size
    }
}

impl Typeface {
    fn from_static(bytes: &'static [u8]) -> Result<Self, PdfError> {
        let shaper = rustybuzz::Face::from_slice(bytes, 0).ok_or(PdfError::FontUnreadable)?;
        let pdf_font = Font::new(bytes.into(), 0).ok_or(PdfError::FontUnreadable)?;
        let units_per_em = shaper.units_per_em() as f32;
        let ascent_em = f32::from(shaper.ascender()) / units_per_em;
        let descent_em = -f32::from(shaper.descender()) / units_per_em;
        Ok(Self {
            pdf_font,
            shaper,
            units_per_em,
            ascent_em,
            descent_em,
        })
    }

    /// Whether the font can draw `character`. Whitespace is never drawn as a glyph of its own
    /// meaning, so it counts as covered.
    pub(crate) fn covers(&self, character: char) -> bool {
        character.is_whitespace() || self.shaper.glyph_index(character).is_some()
    }

    /// Shapes `text` left to right (the certificate's languages are Latin-script).
    /// `language` lets the shaper apply language-specific forms such as Lithuanian accents.
    pub(crate) fn shape(&self, text: &str, language: &str) -> ShapedText {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(Direction::LeftToRight);
        if let Ok(language) = Language::from_str(language) {
            buffer.set_language(language);
        }
        buffer.guess_segment_properties();
        let shaped = rustybuzz::shape(&self.shaper, &[], buffer);

        let infos = shaped.glyph_infos();
        let positions = shaped.glyph_positions();
        let scale = 1.0 / self.units_per_em;
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width_em = 0.0;
        for (index, (info, position)) in infos.iter().zip(positions).enumerate() {
            let x_advance = position.x_advance as f32 * scale;
            width_em += x_advance;
            glyphs.push(KrillaGlyph {
                glyph_id: GlyphId::new(info.glyph_id),
                text_range: cluster_range(infos, index, text.len()),
                x_advance,
                x_offset: position.x_offset as f32 * scale,
                y_offset: position.y_offset as f32 * scale,
                y_advance: position.y_advance as f32 * scale,
                location: None,
            });
        }
        ShapedText {
            text: text.to_owned(),
            glyphs,
            width_em,
        }
    }
}

/// The bytes of `text` that glyph `index` stands for: from its cluster start up to the start
/// of the next cluster. This is what becomes the glyph's ToUnicode entry, so copied or
/// extracted text gives back the original characters.
fn cluster_range(infos: &[rustybuzz::GlyphInfo], index: usize, text_len: usize) -> Range<usize> {
    let start = infos[index].cluster as usize;
    let end = infos[index + 1..]
        .iter()
        .map(|info| info.cluster as usize)
        .find(|&cluster| cluster != start)
        .unwrap_or(text_len);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dejavu_covers_lithuanian_letters_and_quotes() {
        let fonts = Typefaces::load().unwrap();
        for face in fonts.all() {
            for character in "ąčęėįšųūžĄČĘĖĮŠŲŪŽ„“–".chars() {
                assert!(face.covers(character), "{character} missing");
            }
        }
    }

    #[test]
    fn glyph_ranges_cover_the_whole_text_once() {
        let fonts = Typefaces::load().unwrap();
        let text = "Žydrūnė „Ąžuolaitė“ – fi";
        let shaped = fonts.sans.shape(text, "lt");
        let mut covered = 0;
        for glyph in &shaped.glyphs {
            assert!(glyph.text_range.start <= covered);
            covered = covered.max(glyph.text_range.end);
        }
        assert_eq!(covered, text.len());
    }

    #[test]
    fn width_grows_with_text_and_size() {
        let fonts = Typefaces::load().unwrap();
        let short = fonts.sans.shape("Tiltas", "en");
        let long = fonts.sans.shape("Tiltas Tiltas", "en");
        assert!(long.width(10.0) > short.width(10.0) * 1.9);
        assert!((short.width(20.0) - 2.0 * short.width(10.0)).abs() < 1e-3);
    }
}
