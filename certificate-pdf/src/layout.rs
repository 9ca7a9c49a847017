//! Where everything goes on the page.
//!
//! The layout is computed before anything is drawn, in krilla's coordinates (points, origin at
//! the top-left corner, y growing downwards). The upper part (heading, name, statement, course
//! title) flows from the top; the lower part (details table on the left, QR code with the
//! verification address on the right) is anchored above the footer. If long text makes the
//! upper part too tall, its sizes are scaled down step by step until it fits above the lower
//! part; if nothing fits, rendering fails instead of drawing outside the page.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::qr_code::{QUIET_ZONE_MODULES, QrMatrix};
use crate::text_fit::{FitLimits, fit_text};
use crate::typeface::{ShapedText, Typeface, Typefaces};
use crate::{CertificateDocument, PdfError};

/// A4 landscape, in points (297 mm × 210 mm).
pub(crate) const PAGE_WIDTH: f32 = 841.89;
pub(crate) const PAGE_HEIGHT: f32 = 595.28;

/// The double frame: a stronger outer line and a hairline just inside it.
pub(crate) const OUTER_FRAME_INSET: f32 = 24.0;
pub(crate) const INNER_FRAME_INSET: f32 = 30.0;

const CONTENT_LEFT: f32 = 78.0;
const CONTENT_RIGHT: f32 = PAGE_WIDTH - 78.0;
const CONTENT_TOP: f32 = 66.0;
const FOOTER_BASELINE: f32 = PAGE_HEIGHT - 45.0;
/// Clear space between the footer and the details table or verification text above it.
const FOOTER_GAP: f32 = 20.0;
/// Clear space kept between the upper and the lower part.
const PART_GAP: f32 = 18.0;

/// The code without its quiet zone: about 36 mm, comfortably scannable from paper.
const QR_SYMBOL_SIDE: f32 = 102.0;
const VERIFY_TEXT_MAX_WIDTH: f32 = 300.0;
const TABLE_TO_QR_GAP: f32 = 40.0;
const LABEL_TO_VALUE_GAP: f32 = 14.0;
const ROW_PADDING: f32 = 5.0;

/// Line distance as a multiple of the font size.
const LINE_SPACING: f32 = 1.2;
/// Each step makes the upper part this much smaller when it does not fit.
const SCALE_STEP: f32 = 0.05;
const SMALLEST_SCALE: f32 = 0.5;

/// What a piece of text means, which decides its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    /// Heading and frame: the certificate's accent colour.
    Accent,
    /// The things the certificate states: name, course, values.
    Body,
    /// Supporting words: statement, labels, footer.
    Muted,
}

#[derive(Debug, Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// One line of text with its font, size and baseline position.
pub(crate) struct PlacedLine<'f> {
    pub(crate) face: &'f Typeface,
    pub(crate) shaped: ShapedText,
    pub(crate) size: f32,
    pub(crate) left: f32,
    pub(crate) baseline: f32,
    pub(crate) ink: Ink,
}

/// A paragraph: the lines of one piece of text, which is tagged as one element.
pub(crate) struct TextBlock<'f> {
    pub(crate) lines: Vec<PlacedLine<'f>>,
    pub(crate) top: f32,
    pub(crate) bottom: f32,
}

impl TextBlock<'_> {
    /// Left, top, right, bottom of the block's lines.
    pub(crate) fn bounds(&self) -> (f32, f32, f32, f32) {
        let left = self
            .lines
            .iter()
            .map(|line| line.left)
            .fold(f32::MAX, f32::min);
        let right = self
            .lines
            .iter()
            .map(|line| line.left + line.shaped.width(line.size))
            .fold(f32::MIN, f32::max);
        (left, self.top, right, self.bottom)
    }
}

pub(crate) struct DetailRow<'f> {
    pub(crate) label: TextBlock<'f>,
    pub(crate) value: TextBlock<'f>,
    /// Where the hairline under the row goes.
    pub(crate) rule_y: f32,
}

pub(crate) struct QrPlacement {
    pub(crate) matrix: QrMatrix,
    pub(crate) left: f32,
    pub(crate) top: f32,
    pub(crate) module: f32,
}

/// A straight line: (x1, y1, x2, y2).
pub(crate) type Rule = (f32, f32, f32, f32);

pub(crate) struct CertificateLayout<'f> {
    pub(crate) heading: TextBlock<'f>,
    pub(crate) heading_rule: Rule,
    pub(crate) holder_name: TextBlock<'f>,
    pub(crate) statement: TextBlock<'f>,
    pub(crate) course_title: TextBlock<'f>,
    pub(crate) details: Vec<DetailRow<'f>>,
    pub(crate) details_left: f32,
    pub(crate) details_right: f32,
    pub(crate) qr: QrPlacement,
    pub(crate) verify_label: TextBlock<'f>,
    pub(crate) verify_url: TextBlock<'f>,
    pub(crate) platform_line: TextBlock<'f>,
}

/// Lays out text for one language: shaping results are cached because fitting measures the
/// same candidate lines many times.
struct TextSetter {
    language: String,
    widths: RefCell<HashMap<(usize, String), f32>>,
}

/// How one piece of text is fitted and where its box is.
struct BlockSpec {
    limits: FitLimits,
    align: Align,
    left: f32,
    right: f32,
    top: f32,
    ink: Ink,
}

impl TextSetter {
    fn width_em(&self, face: &Typeface, text: &str) -> f32 {
        let key = (std::ptr::from_ref(face) as usize, text.to_owned());
        if let Some(width) = self.widths.borrow().get(&key) {
            return *width;
        }
        let width = face.shape(text, &self.language).width_em;
        self.widths.borrow_mut().insert(key, width);
        width
    }

    fn block<'f>(&self, face: &'f Typeface, text: &str, spec: BlockSpec) -> TextBlock<'f> {
        let fitted = fit_text(text, spec.limits, |candidate| {
            self.width_em(face, candidate)
        });
        let size = fitted.size;
        let mut baseline = spec.top + face.ascent_em * size;
        let mut lines = Vec::with_capacity(fitted.lines.len());
        for line in fitted.lines {
            let shaped = face.shape(&line, &self.language);
            let width = shaped.width(size);
            let left = match spec.align {
                Align::Left => spec.left,
                Align::Center => (spec.left + spec.right - width) / 2.0,
                Align::Right => spec.right - width,
            };
            lines.push(PlacedLine {
                face,
                shaped,
                size,
                left,
                baseline,
                ink: spec.ink,
            });
            baseline += size * LINE_SPACING;
        }
        let bottom = match lines.last() {
            Some(last) => last.baseline + face.descent_em * size,
            None => spec.top,
        };
        TextBlock {
            lines,
            top: spec.top,
            bottom,
        }
    }

    /// Moves a block down by `offset` points.
    fn shift(block: &mut TextBlock<'_>, offset: f32) {
        block.top += offset;
        block.bottom += offset;
        for line in &mut block.lines {
            line.baseline += offset;
        }
    }
}

/// Limits for one piece of text; a scaled-down `max_size` below `min_size` wins, so scaling
/// always makes the text smaller.
fn limits(max_width: f32, max_size: f32, min_size: f32, max_lines: usize) -> FitLimits {
    FitLimits {
        max_width,
        max_size,
        min_size: min_size.min(max_size),
        max_lines,
    }
}

pub(crate) fn lay_out<'f>(
    doc: &CertificateDocument<'_>,
    fonts: &'f Typefaces,
) -> Result<CertificateLayout<'f>, PdfError> {
    let setter = TextSetter {
        language: doc.language.to_owned(),
        widths: RefCell::default(),
    };
    let full_width = CONTENT_RIGHT - CONTENT_LEFT;

    // The footer grows upwards from its baseline if it needs a second line.
    let mut platform_line = setter.block(
        &fonts.sans,
        doc.platform_line,
        BlockSpec {
            limits: limits(full_width, 8.0, 6.0, 2),
            align: Align::Center,
            left: CONTENT_LEFT,
            right: CONTENT_RIGHT,
            top: 0.0,
            ink: Ink::Muted,
        },
    );
    // Lowest point of the details table and the verification text.
    let mut lower_part_bottom = FOOTER_BASELINE - 28.0;
    if let Some(last_baseline) = platform_line.lines.last().map(|line| line.baseline) {
        TextSetter::shift(&mut platform_line, FOOTER_BASELINE - last_baseline);
        lower_part_bottom = lower_part_bottom.min(platform_line.top - FOOTER_GAP);
    }

    // Lower right: the QR code, with the invitation to check it and the address under it,
    // right-aligned with the code.
    let mut verify_label = setter.block(
        &fonts.sans,
        doc.verify_label,
        BlockSpec {
            limits: limits(VERIFY_TEXT_MAX_WIDTH, 9.0, 7.0, 2),
            align: Align::Right,
            left: CONTENT_RIGHT - VERIFY_TEXT_MAX_WIDTH,
            right: CONTENT_RIGHT,
            top: 0.0,
            ink: Ink::Muted,
        },
    );
    let mut verify_url = setter.block(
        &fonts.sans_bold,
        doc.verify_url,
        BlockSpec {
            limits: limits(VERIFY_TEXT_MAX_WIDTH, 9.0, 6.5, 2),
            align: Align::Right,
            left: CONTENT_RIGHT - VERIFY_TEXT_MAX_WIDTH,
            right: CONTENT_RIGHT,
            top: 0.0,
            ink: Ink::Body,
        },
    );
    let url_top = lower_part_bottom - (verify_url.bottom - verify_url.top);
    TextSetter::shift(&mut verify_url, url_top);
    let label_top = url_top - 3.0 - (verify_label.bottom - verify_label.top);
    TextSetter::shift(&mut verify_label, label_top);

    let matrix = QrMatrix::encode(doc.verify_url)?;
    let module = QR_SYMBOL_SIDE / matrix.width as f32;
    let quiet_zone = QUIET_ZONE_MODULES as f32 * module;
    // The quiet zone below the symbol doubles as the space above the label.
    let qr = QrPlacement {
        left: CONTENT_RIGHT - QR_SYMBOL_SIDE,
        top: label_top - quiet_zone - QR_SYMBOL_SIDE,
        module,
        matrix,
    };
    let qr_zone_top = qr.top - quiet_zone;
    let verify_left = [&verify_label, &verify_url]
        .iter()
        .map(|block| block.bounds().0)
        .fold(qr.left - quiet_zone, f32::min);

    // Lower left: the details as label/value rows, bottom-aligned with the verification text.
    let details_right = verify_left - TABLE_TO_QR_GAP;
    let (details, details_top) = lay_out_details(
        &setter,
        fonts,
        doc.details,
        (CONTENT_LEFT, details_right),
        lower_part_bottom,
    );
    let lower_part_top = details_top.min(qr_zone_top);

    // Upper part, at the largest scale that leaves the gap above the lower part.
    let mut scale = 1.0;
    loop {
        let upper = lay_out_upper_part(&setter, fonts, doc, scale, lower_part_top - PART_GAP);
        if let Some(upper) = upper {
            return Ok(CertificateLayout {
                heading: upper.heading,
                heading_rule: upper.heading_rule,
                holder_name: upper.holder_name,
                statement: upper.statement,
                course_title: upper.course_title,
                details,
                details_left: CONTENT_LEFT,
                details_right,
                qr,
                verify_label,
                verify_url,
                platform_line,
            });
        }
        scale -= SCALE_STEP;
        if scale < SMALLEST_SCALE {
            return Err(PdfError::DoesNotFit);
        }
    }
}

struct UpperPart<'f> {
    heading: TextBlock<'f>,
    heading_rule: Rule,
    holder_name: TextBlock<'f>,
    statement: TextBlock<'f>,
    course_title: TextBlock<'f>,
}

/// Heading at the top; name, statement and course title centred in the space between the
/// heading and `bottom_limit`. `None` when it does not fit at this `scale`.
fn lay_out_upper_part<'f>(
    setter: &TextSetter,
    fonts: &'f Typefaces,
    doc: &CertificateDocument<'_>,
    scale: f32,
    bottom_limit: f32,
) -> Option<UpperPart<'f>> {
    let width = CONTENT_RIGHT - CONTENT_LEFT;
    let centred = |limits: FitLimits, top: f32, ink: Ink| BlockSpec {
        limits,
        align: Align::Center,
        left: CONTENT_LEFT,
        right: CONTENT_RIGHT,
        top,
        ink,
    };

    let heading = setter.block(
        &fonts.serif_bold,
        doc.heading,
        centred(
            limits(width, 30.0 * scale, 14.0, 2),
            CONTENT_TOP,
            Ink::Accent,
        ),
    );
    let rule_y = heading.bottom + 12.0 * scale;
    let heading_rule = (
        PAGE_WIDTH / 2.0 - 40.0,
        rule_y,
        PAGE_WIDTH / 2.0 + 40.0,
        rule_y,
    );
    let body_top = rule_y + 12.0 * scale;

    let mut holder_name = setter.block(
        &fonts.serif_bold,
        doc.holder_name,
        centred(limits(width, 34.0 * scale, 13.0, 2), body_top, Ink::Body),
    );
    let mut statement = setter.block(
        &fonts.sans,
        doc.statement,
        centred(
            limits(width, 14.0 * scale, 9.0, 2),
            holder_name.bottom + 14.0 * scale,
            Ink::Muted,
        ),
    );
    let mut course_title = setter.block(
        &fonts.serif_bold,
        doc.course_title,
        centred(
            limits(width * 0.9, 21.0 * scale, 10.0, 3),
            statement.bottom + 10.0 * scale,
            Ink::Body,
        ),
    );

    let free = bottom_limit - course_title.bottom;
    if free < 0.0 {
        return None;
    }
    // Centre the body in the space left, so short and long texts both look balanced.
    let offset = free * 0.5;
    for block in [&mut holder_name, &mut statement, &mut course_title] {
        TextSetter::shift(block, offset);
    }
    Some(UpperPart {
        heading,
        heading_rule,
        holder_name,
        statement,
        course_title,
    })
}

/// The details as rows between `left` and `right`, the last one ending at `bottom`; returns
/// them and their top.
fn lay_out_details<'f>(
    setter: &TextSetter,
    fonts: &'f Typefaces,
    details: &[(&str, String)],
    (left, right): (f32, f32),
    bottom: f32,
) -> (Vec<DetailRow<'f>>, f32) {
    const LABEL_SIZE: f32 = 9.5;
    const VALUE_SIZE: f32 = 10.5;
    let width = right - left;
    // The label column is as wide as the widest label, but leaves the values most of the room.
    let widest_label = details
        .iter()
        .map(|(label, _)| setter.width_em(&fonts.sans, label.trim()) * LABEL_SIZE)
        .fold(0.0, f32::max);
    let label_width = widest_label.min(width * 0.4);
    let value_left = left + label_width + LABEL_TO_VALUE_GAP;

    let mut rows = Vec::with_capacity(details.len());
    let mut top = 0.0;
    for (label, value) in details {
        let label = setter.block(
            &fonts.sans,
            label,
            BlockSpec {
                limits: limits(label_width, LABEL_SIZE, 7.0, 2),
                align: Align::Left,
                left,
                right: left + label_width,
                top: top + 1.0,
                ink: Ink::Muted,
            },
        );
        let value = setter.block(
            &fonts.sans_bold,
            value,
            BlockSpec {
                limits: limits(right - value_left, VALUE_SIZE, 7.0, 2),
                align: Align::Left,
                left: value_left,
                right,
                top,
                ink: Ink::Body,
            },
        );
        let row_bottom = label.bottom.max(value.bottom) + ROW_PADDING;
        rows.push(DetailRow {
            label,
            value,
            rule_y: row_bottom,
        });
        top = row_bottom + ROW_PADDING;
    }

    // Built from y = 0 downwards; now move the rows so that the last one ends at the bottom.
    let offset = bottom - (top - ROW_PADDING);
    for row in &mut rows {
        TextSetter::shift(&mut row.label, offset);
        TextSetter::shift(&mut row.value, offset);
        row.rule_y += offset;
    }
    let rows_top = rows.first().map_or(bottom, |row| row.value.top);
    (rows, rows_top)
}
