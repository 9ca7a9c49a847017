//! The administrators' completion report: what its filters mean, how an enrolment and a
//! certificate are counted, and how the charts' figures are grouped. Plain rules, unit-tested
//! here; the storage queries count the facts these rules look at (completed, started, due date
//! passed, expiry) with `GROUP BY`, and the service sorts those counts into the report with the
//! functions below, so a rule lives in one place.
//!
//! - An enrolment is *completed* once its completion is recorded (the learning service records
//!   it in the same transaction in which `progress::course_status` finds nothing left to do);
//!   *in progress* once the learner has read a module, opened an attempt or played a scenario;
//!   *not started* otherwise. It is *overdue* when its due date has passed and it is not
//!   completed.
//! - A certificate counts while it is the holder's current one (not revoked, not replaced):
//!   *valid* until it expires, *expiring* when that happens within the report's window, then
//!   *expired* (`certificates::state`). Expiring certificates are valid too, so they are counted
//!   under both.

use super::certificates::{CertificateState, Standing, state};
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// The report's window for "expiring soon", in days, when the filter leaves it empty.
pub const DEFAULT_EXPIRING_DAYS: u32 = 30;
/// The longest window accepted: ten years.
pub const MAX_EXPIRING_DAYS: u32 = 3650;
/// How many organisations the completions chart draws before grouping the rest as "others".
pub const CHART_ORGANISATIONS: usize = 8;
/// How many calendar months the completions chart covers, the current one last.
pub const CHART_MONTHS: u32 = 12;
/// The score histogram's bands: 0–9 %, 10–19 %, …, 90–100 %.
pub const SCORE_BANDS: usize = 10;

/// What the report's rows are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportGrouping {
    #[default]
    Course,
    Organisation,
    /// A person in several cohorts counts in each; people in none form a row of their own.
    Cohort,
}

impl ReportGrouping {
    pub const ALL: [ReportGrouping; 3] = [ReportGrouping::Course, ReportGrouping::Organisation, ReportGrouping::Cohort];

    pub fn code(self) -> &'static str {
        match self {
            ReportGrouping::Course => "course",
            ReportGrouping::Organisation => "organisation",
            ReportGrouping::Cohort => "cohort",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportGrouping> {
        ReportGrouping::ALL.into_iter().find(|g| g.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            ReportGrouping::Course => Msg::Course,
            ReportGrouping::Organisation => Msg::Organisation,
            ReportGrouping::Cohort => Msg::ReportCohort,
        }
    }

    /// The filter a row of this grouping narrows the report to, for its drill-down links.
    pub fn filter_name(self) -> &'static str {
        self.code()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ProgressState {
    NotStarted,
    InProgress,
    Completed,
}

pub fn progress_state(started: bool, completed: bool) -> ProgressState {
    match (started, completed) {
        (_, true) => ProgressState::Completed,
        (true, false) => ProgressState::InProgress,
        (false, false) => ProgressState::NotStarted,
    }
}

impl ProgressState {
    pub fn label(self) -> Msg {
        match self {
            ProgressState::NotStarted => Msg::ReportNotStarted,
            ProgressState::InProgress => Msg::ReportInProgress,
            ProgressState::Completed => Msg::ReportCompleted,
        }
    }
}

/// Whether a due date has passed at `now`.
pub fn due_passed(due_at: Option<i64>, now: i64) -> bool {
    due_at.is_some_and(|due| due < now)
}

/// Overdue: the due date passed and the course is not completed.
pub fn overdue(due_passed: bool, completed: bool) -> bool {
    due_passed && !completed
}

/// How a certificate counts in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CertificateCount {
    Valid { expiring: bool },
    Expired,
}

/// How a certificate counts at `now` with a window of `window_seconds` for "expiring"; `None`
/// for a revoked or replaced one, which the report leaves out.
pub fn certificate_count(standing: Standing, now: i64, window_seconds: i64) -> Option<CertificateCount> {
    match state(standing, now) {
        CertificateState::Valid => {
            Some(CertificateCount::Valid { expiring: standing.expires_at.is_some_and(|at| at <= now + window_seconds) })
        }
        CertificateState::Expired => Some(CertificateCount::Expired),
        CertificateState::Revoked | CertificateState::Superseded => None,
    }
}

/// A count of the report, and what its drill-down lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportStatus {
    Enrolled,
    NotStarted,
    InProgress,
    Completed,
    Overdue,
    CertificatesValid,
    CertificatesExpiring,
    CertificatesExpired,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 8] = [
        ReportStatus::Enrolled,
        ReportStatus::NotStarted,
        ReportStatus::InProgress,
        ReportStatus::Completed,
        ReportStatus::Overdue,
        ReportStatus::CertificatesValid,
        ReportStatus::CertificatesExpiring,
        ReportStatus::CertificatesExpired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ReportStatus::Enrolled => "enrolled",
            ReportStatus::NotStarted => "not_started",
            ReportStatus::InProgress => "in_progress",
            ReportStatus::Completed => "completed",
            ReportStatus::Overdue => "overdue",
            ReportStatus::CertificatesValid => "certificates_valid",
            ReportStatus::CertificatesExpiring => "certificates_expiring",
            ReportStatus::CertificatesExpired => "certificates_expired",
        }
    }

    pub fn from_code(code: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    /// The column heading (and the drill-down's title).
    pub fn label(self) -> Msg {
        match self {
            ReportStatus::Enrolled => Msg::ReportEnrolled,
            ReportStatus::NotStarted => Msg::ReportNotStarted,
            ReportStatus::InProgress => Msg::ReportInProgress,
            ReportStatus::Completed => Msg::ReportCompleted,
            ReportStatus::Overdue => Msg::ReportOverdue,
            ReportStatus::CertificatesValid => Msg::ReportCertificatesValid,
            ReportStatus::CertificatesExpiring => Msg::ReportCertificatesExpiring,
            ReportStatus::CertificatesExpired => Msg::ReportCertificatesExpired,
        }
    }

    /// The heading of the figure's column: its label, with the window for expiring certificates.
    pub fn heading(self, expiring_days: u32, locale: crate::i18n::Locale) -> String {
        crate::i18n::fill(self.label().text(locale), &[("days", &expiring_days.to_string())])
    }

    /// Whether the drill-down lists certificates rather than enrolments.
    pub fn is_certificate(self) -> bool {
        matches!(self, ReportStatus::CertificatesValid | ReportStatus::CertificatesExpiring | ReportStatus::CertificatesExpired)
    }
}

/// How many enrolments of a group there are, and how many of them were started, completed, and
/// are overdue (`overdue`: the due date passed, not completed). The database counts them in one
/// pass, by these rules, so a report of 400,000 enrolments never sorts them by their facts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EnrolmentTotals {
    pub enrolled: i64,
    pub started: i64,
    pub completed: i64,
    pub overdue: i64,
}

/// The counts of one row of the report (or of its total).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionCounts {
    pub enrolled: i64,
    pub not_started: i64,
    pub in_progress: i64,
    pub completed: i64,
    pub overdue: i64,
    pub certificates_valid: i64,
    pub certificates_expiring: i64,
    pub certificates_expired: i64,
}

impl CompletionCounts {
    /// Counts a group's enrolments from their totals (`EnrolmentTotals`): a completed enrolment
    /// was started, so those started but not completed are in progress.
    pub fn add_enrolments(&mut self, totals: EnrolmentTotals) {
        self.enrolled += totals.enrolled;
        self.not_started += totals.enrolled - totals.started;
        self.in_progress += totals.started - totals.completed;
        self.completed += totals.completed;
        self.overdue += totals.overdue;
    }

    /// Counts `count` certificates that count alike.
    pub fn add_certificates(&mut self, counted: CertificateCount, count: i64) {
        match counted {
            CertificateCount::Valid { expiring } => {
                self.certificates_valid += count;
                if expiring {
                    self.certificates_expiring += count;
                }
            }
            CertificateCount::Expired => self.certificates_expired += count,
        }
    }

    pub fn add(&mut self, other: &CompletionCounts) {
        for status in ReportStatus::ALL {
            *self.slot(status) += other.get(status);
        }
    }

    pub fn get(&self, status: ReportStatus) -> i64 {
        let mut copy = *self;
        *copy.slot(status)
    }

    fn slot(&mut self, status: ReportStatus) -> &mut i64 {
        match status {
            ReportStatus::Enrolled => &mut self.enrolled,
            ReportStatus::NotStarted => &mut self.not_started,
            ReportStatus::InProgress => &mut self.in_progress,
            ReportStatus::Completed => &mut self.completed,
            ReportStatus::Overdue => &mut self.overdue,
            ReportStatus::CertificatesValid => &mut self.certificates_valid,
            ReportStatus::CertificatesExpiring => &mut self.certificates_expiring,
            ReportStatus::CertificatesExpired => &mut self.certificates_expired,
        }
    }
}

/// The report's filters, as the GET form and the drill-down links carry them. Empty means
/// "all"; `organisation` is ignored for an organisation administrator, whose scope decides it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilter {
    pub course: Option<String>,
    pub organisation: Option<String>,
    pub cohort: Option<String>,
    pub group_by: ReportGrouping,
    pub expiring_days: u32,
}

impl Default for ReportFilter {
    fn default() -> Self {
        ReportFilter { course: None, organisation: None, cohort: None, group_by: ReportGrouping::Course, expiring_days: DEFAULT_EXPIRING_DAYS }
    }
}

/// A filter that cannot be read: the form field and the message to show beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FilterError {
    pub field: &'static str,
    pub message: Msg,
}

impl ReportFilter {
    /// Reads the filters from the address's parameters. An unknown grouping falls back to the
    /// default (only a hand-edited address has one); a window that is not a whole number of days
    /// from 1 to `MAX_EXPIRING_DAYS` is refused with a message for its field.
    pub fn parse(
        course: Option<&str>,
        organisation: Option<&str>,
        cohort: Option<&str>,
        group_by: Option<&str>,
        days: Option<&str>,
    ) -> Result<ReportFilter, FilterError> {
        let chosen = |value: Option<&str>| value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let expiring_days = match chosen(days) {
            None => DEFAULT_EXPIRING_DAYS,
            Some(text) => text
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=MAX_EXPIRING_DAYS).contains(d))
                .ok_or(FilterError { field: "days", message: Msg::ReportDaysInvalid })?,
        };
        Ok(ReportFilter {
            course: chosen(course),
            organisation: chosen(organisation),
            cohort: chosen(cohort),
            group_by: chosen(group_by).and_then(|g| ReportGrouping::from_code(&g)).unwrap_or_default(),
            expiring_days,
        })
    }

    pub fn window_seconds(&self) -> i64 {
        i64::from(self.expiring_days) * 86_400
    }

    /// The filter narrowed to one row of the report: its course, organisation or cohort.
    pub fn narrowed(&self, grouping: ReportGrouping, key: &str) -> ReportFilter {
        let mut narrowed = self.clone();
        let value = Some(key.to_string());
        match grouping {
            ReportGrouping::Course => narrowed.course = value,
            ReportGrouping::Organisation => narrowed.organisation = value,
            ReportGrouping::Cohort => narrowed.cohort = value,
        }
        narrowed
    }

    /// The address's query (without `?`) for these filters plus `extra` parameters, so a link
    /// or an export keeps what the report shows.
    pub fn query(&self, extra: &[(&str, &str)]) -> String {
        let days = self.expiring_days.to_string();
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (name, value) in [("course", &self.course), ("organisation", &self.organisation), ("cohort", &self.cohort)] {
            if let Some(value) = value {
                pairs.push((name, value));
            }
        }
        pairs.push(("group", self.group_by.code()));
        pairs.push(("days", &days));
        pairs.extend_from_slice(extra);
        pairs.iter().map(|(name, value)| format!("{name}={}", percent_encode(value))).collect::<Vec<_>>().join("&")
    }
}

/// Percent-encodes a query value: everything but unreserved characters (RFC 3986).
fn percent_encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One line of the completions chart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChartSeries {
    pub label: String,
    pub values: Vec<i64>,
}

/// The `keep` series with the largest totals (ties by label), in that order, and one more
/// summing all the others under `others_label` when there are any, so a chart stays readable
/// with 500 organisations.
pub fn largest_series(mut series: Vec<ChartSeries>, keep: usize, others_label: &str) -> Vec<ChartSeries> {
    series.sort_by(|a, b| b.values.iter().sum::<i64>().cmp(&a.values.iter().sum::<i64>()).then_with(|| a.label.cmp(&b.label)));
    if series.len() <= keep {
        return series;
    }
    let rest = series.split_off(keep);
    let length = rest.iter().map(|s| s.values.len()).max().unwrap_or(0);
    let mut others = vec![0; length];
    for one in &rest {
        for (slot, value) in others.iter_mut().zip(&one.values) {
            *slot += value;
        }
    }
    series.push(ChartSeries { label: others_label.to_string(), values: others });
    series
}

/// The histogram band of a score (0 for 0–9 %, …, 9 for 90–100 %); the storage query computes
/// the same with integer arithmetic.
pub fn score_band(points: i64, max_points: i64) -> usize {
    if max_points <= 0 {
        return 0;
    }
    percent_band(points.clamp(0, max_points) * 100 / max_points)
}

/// The 10 % band of a whole percentage; 100 % joins the top band, and anything out of range
/// the nearest end.
pub fn percent_band(percent: i64) -> usize {
    usize::try_from(percent / 10).unwrap_or(0).min(SCORE_BANDS - 1)
}

/// A band's label: "0–9 %", …, "90–100 %".
pub fn score_band_label(band: usize) -> String {
    let low = band * 10;
    let high = if band + 1 >= SCORE_BANDS { 100 } else { low + 9 };
    format!("{low}–{high} %")
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 86_400;

    #[test]
    fn an_enrolment_is_counted_by_what_was_done_and_its_due_date() {
        let mut counts = CompletionCounts::default();
        counts.add_enrolments(EnrolmentTotals { enrolled: 5, started: 2, completed: 0, overdue: 2 });
        counts.add_enrolments(EnrolmentTotals { enrolled: 4, started: 4, completed: 4, overdue: 0 });
        assert_eq!((counts.enrolled, counts.not_started, counts.in_progress, counts.completed), (9, 3, 2, 4));
        assert_eq!(counts.overdue, 2);
        assert!(overdue(true, false) && !overdue(true, true), "completed late is not overdue");
        assert!(due_passed(Some(10), 11) && !due_passed(Some(10), 10) && !due_passed(None, 11));
    }

    #[test]
    fn current_certificates_count_as_valid_expiring_or_expired_and_others_not_at_all() {
        let now = 100 * DAY;
        let window = 30 * DAY;
        let standing = |expires_at| Standing { expires_at, revoked_at: None, superseded: false };
        assert_eq!(certificate_count(standing(None), now, window), Some(CertificateCount::Valid { expiring: false }));
        assert_eq!(certificate_count(standing(Some(now + 31 * DAY)), now, window), Some(CertificateCount::Valid { expiring: false }));
        assert_eq!(certificate_count(standing(Some(now + 30 * DAY)), now, window), Some(CertificateCount::Valid { expiring: true }));
        assert_eq!(certificate_count(standing(Some(now)), now, window), Some(CertificateCount::Expired));
        assert_eq!(certificate_count(Standing { revoked_at: Some(now - 1), ..standing(None) }, now, window), None);
        assert_eq!(certificate_count(Standing { superseded: true, ..standing(None) }, now, window), None);

        let mut counts = CompletionCounts::default();
        counts.add_certificates(CertificateCount::Valid { expiring: true }, 2);
        counts.add_certificates(CertificateCount::Valid { expiring: false }, 1);
        counts.add_certificates(CertificateCount::Expired, 5);
        assert_eq!((counts.certificates_valid, counts.certificates_expiring, counts.certificates_expired), (3, 2, 5));
        let mut total = CompletionCounts::default();
        total.add(&counts);
        total.add(&counts);
        assert_eq!(total.get(ReportStatus::CertificatesExpired), 10);
    }

    #[test]
    fn filters_are_read_from_the_address_and_a_bad_window_is_refused_at_its_field() {
        let filter = ReportFilter::parse(Some("c"), Some(" "), None, Some("cohort"), Some("")).unwrap();
        assert_eq!(filter.course.as_deref(), Some("c"));
        assert_eq!(filter.organisation, None);
        assert_eq!((filter.group_by, filter.expiring_days), (ReportGrouping::Cohort, DEFAULT_EXPIRING_DAYS));
        assert_eq!(ReportFilter::parse(None, None, None, Some("nonsense"), Some("90")).unwrap().group_by, ReportGrouping::Course);
        for bad in ["0", "-3", "ten", "3651", "1.5"] {
            let error = ReportFilter::parse(None, None, None, None, Some(bad)).unwrap_err();
            assert_eq!((error.field, error.message), ("days", Msg::ReportDaysInvalid), "{bad}");
        }
    }

    #[test]
    fn the_query_keeps_every_filter_encoded_and_a_row_narrows_it() {
        let filter = ReportFilter { organisation: Some("Šiaulių & co".into()), ..ReportFilter::default() };
        assert_eq!(filter.query(&[("status", "overdue")]), "organisation=%C5%A0iauli%C5%B3%20%26%20co&group=course&days=30&status=overdue");
        let narrowed = filter.narrowed(ReportGrouping::Course, "first-contact");
        assert_eq!(narrowed.course.as_deref(), Some("first-contact"));
        assert_eq!(narrowed.organisation, filter.organisation);
        for status in ReportStatus::ALL {
            assert_eq!(ReportStatus::from_code(status.code()), Some(status));
        }
        assert_eq!(ReportStatus::from_code("everyone"), None);
    }

    #[test]
    fn the_chart_keeps_the_largest_series_and_sums_the_others() {
        let series = |label: &str, values: &[i64]| ChartSeries { label: label.into(), values: values.to_vec() };
        let all = vec![series("a", &[1, 0]), series("b", &[5, 5]), series("c", &[0, 3]), series("d", &[2, 0])];
        let kept = largest_series(all.clone(), 2, "Others");
        assert_eq!(kept, vec![series("b", &[5, 5]), series("c", &[0, 3]), series("Others", &[3, 0])]);
        assert_eq!(largest_series(all, 4, "Others").len(), 4, "no others row when everything fits");
    }

    #[test]
    fn scores_fall_in_ten_percent_bands() {
        assert_eq!(score_band(0, 10), 0);
        assert_eq!((percent_band(-5), percent_band(9), percent_band(10), percent_band(99)), (0, 0, 1, 9));
        assert_eq!((percent_band(100), percent_band(250)), (9, 9));
        assert_eq!(score_band(9, 100), 0);
        assert_eq!(score_band(10, 100), 1);
        assert_eq!(score_band(99, 100), 9);
        assert_eq!(score_band(10, 10), 9, "a full score is in the top band");
        assert_eq!(score_band(3, 0), 0);
        assert_eq!(score_band_label(0), "0–9 %");
        assert_eq!(score_band_label(9), "90–100 %");
    }
}
