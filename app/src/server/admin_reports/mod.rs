//! The administrators' reports service: completion by course, organisation or cohort with its
//! charts (this module), the people behind a figure and one person's record (`people`), and the
//! CSV exports of both (`export`).
//!
//! Every function takes the administrator's `AdminScope`, which the storage queries apply, so an
//! organisation administrator's page, drill-down and export cover their own organisation only,
//! whatever the address says. The figures are grouped in the database
//! (`storage::reporting`), so a report's query count and memory stay the same for 100 learners
//! and for 100,000; the rules that give the facts their meaning are in `domain::reporting`.

pub mod export;
#[cfg(feature = "testing")]
pub mod fixture;
pub mod people;

use crate::domain::administration::AdminScope;
use crate::domain::calendar::{date_text, month_starts};
use crate::domain::reporting::{
    CHART_MONTHS, CHART_ORGANISATIONS, ChartSeries, CertificateCount, CompletionCounts, ReportFilter, ReportGrouping,
    SCORE_BANDS, largest_series, percent_band,
};
use crate::i18n::{Locale, Msg};
use crate::server::context::AppState;
use crate::server::learning::{LearningError, course_title};
use crate::server::storage::reporting::{self as store, ReportScope};
use crate::server::storage::{StorageError, now, organisations};
use crate::views::admin_reports::{CompletionReport, CompletionRow, ReportChoices};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, thiserror::Error)]
pub enum ReportsError {
    /// A person who does not exist or is outside the administrator's scope: the same answer for
    /// both, so a scope's edge reveals nothing.
    #[error("no such person")]
    NotFound,
    /// A filter that cannot be read, with the field to show the message beside.
    #[error("invalid filter {field}")]
    Invalid { field: &'static str, message: Msg },
    #[error(transparent)]
    Learning(#[from] LearningError),
    #[error(transparent)]
    Storage(#[from] StorageError),
}

pub type ReportsResult<T> = Result<T, ReportsError>;

/// The parameters of a report's address, as typed or linked; read with `filter`.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct ReportParams {
    pub course: Option<String>,
    pub organisation: Option<String>,
    pub cohort: Option<String>,
    pub group: Option<String>,
    pub days: Option<String>,
    pub status: Option<String>,
    pub after: Option<String>,
}

impl ReportParams {
    pub fn filter(&self) -> ReportsResult<ReportFilter> {
        ReportFilter::parse(
            self.course.as_deref(),
            self.organisation.as_deref(),
            self.cohort.as_deref(),
            self.group.as_deref(),
            self.days.as_deref(),
        )
        .map_err(|error| ReportsError::Invalid { field: error.field, message: error.message })
    }
}

/// (slug, title in `locale`) of every published course.
async fn course_titles(state: &AppState, locale: Locale) -> ReportsResult<Vec<(String, String)>> {
    let published = state.versions.published(&state.db).await?;
    Ok(published.iter().map(|course| (course.slug.clone(), course_title(course, locale.code()))).collect())
}

/// The completion table: a row per group, sorted by label, and the total.
async fn completion_table(state: &AppState, report: ReportScope<'_>, titles: &HashMap<String, String>, locale: Locale) -> ReportsResult<(Vec<CompletionRow>, CompletionCounts)> {
    // The two grouped queries run at once, each on its own connection: both engines let readers
    // work side by side, so the page waits for the slower one rather than for both.
    let (enrolments, certificates) = futures_util::try_join!(store::enrolment_totals(&state.db, report), store::certificate_totals(&state.db, report))?;
    let mut groups: BTreeMap<Option<String>, (Option<String>, CompletionCounts)> = BTreeMap::new();
    for group in enrolments {
        let (_, counts) = groups.entry(group.group_key).or_insert_with(|| (group.group_label, CompletionCounts::default()));
        counts.add_enrolments(group.totals);
    }
    for group in certificates {
        let (_, counts) = groups.entry(group.group_key).or_insert_with(|| (group.group_label, CompletionCounts::default()));
        counts.add_certificates(CertificateCount::Expired, group.expired);
        counts.add_certificates(CertificateCount::Valid { expiring: true }, group.expiring);
        counts.add_certificates(CertificateCount::Valid { expiring: false }, group.current - group.expired - group.expiring);
    }
    let grouping = report.filter.group_by;
    let mut rows: Vec<CompletionRow> = groups
        .into_iter()
        .map(|(key, (label, counts))| {
            let label = match (grouping, &key) {
                (ReportGrouping::Course, Some(slug)) => titles.get(slug).cloned().unwrap_or_else(|| slug.clone()),
                (ReportGrouping::Organisation, None) => Msg::NoOrganisation.text(locale).to_string(),
                (ReportGrouping::Cohort, None) => Msg::ReportNoCohort.text(locale).to_string(),
                _ => label.unwrap_or_default(),
            };
            CompletionRow { key, label, counts }
        })
        .collect();
    rows.sort_by(|a, b| (a.key.is_none(), &a.label).cmp(&(b.key.is_none(), &b.label)));
    let totals = if grouping == ReportGrouping::Cohort {
        // A person in two cohorts is in two rows, but once in the total.
        let by_course = ReportFilter { group_by: ReportGrouping::Course, ..report.filter.clone() };
        let once = ReportScope { filter: &by_course, ..report };
        let (course_rows, _) = Box::pin(completion_table(state, once, titles, locale)).await?;
        sum(&course_rows)
    } else {
        sum(&rows)
    };
    Ok((rows, totals))
}

fn sum(rows: &[CompletionRow]) -> CompletionCounts {
    let mut totals = CompletionCounts::default();
    for row in rows {
        totals.add(&row.counts);
    }
    totals
}

/// The completion report page: the table, the two charts' figures, and the filters' choices.
pub async fn completion_report(state: &AppState, scope: &AdminScope, params: &ReportParams, locale: Locale) -> ReportsResult<CompletionReport> {
    // A window that cannot be read is shown beside its field, over the report with the default
    // window, rather than instead of the report.
    let (filter, field_error) = match params.filter() {
        Ok(filter) => (filter, None),
        Err(ReportsError::Invalid { field, message }) => {
            (ReportParams { days: None, ..params.clone() }.filter()?, Some((field.to_string(), message)))
        }
        Err(other) => return Err(other),
    };
    let report = ReportScope { scope, filter: &filter, now: now() };
    let courses = course_titles(state, locale).await?;
    let titles: HashMap<String, String> = courses.iter().cloned().collect();
    let starts = month_starts(report.now, CHART_MONTHS);
    let ((rows, totals), monthly, best_percents) = futures_util::try_join!(
        completion_table(state, report, &titles, locale),
        async { Ok(store::monthly_completions(&state.db, report, &starts).await?) },
        async { Ok(store::best_percent_counts(&state.db, report).await?) },
    )?;

    let months: Vec<String> = starts.iter().map(|start| date_text(*start)[..7].to_string()).collect();
    let mut by_organisation: BTreeMap<Option<String>, ChartSeries> = BTreeMap::new();
    for count in monthly {
        let series = by_organisation.entry(count.organisation_id).or_insert_with(|| ChartSeries {
            label: count.organisation_name.unwrap_or_else(|| Msg::NoOrganisation.text(locale).to_string()),
            values: vec![0; starts.len()],
        });
        if let Some(slot) = usize::try_from(count.month_index).ok().and_then(|month| series.values.get_mut(month)) {
            *slot += count.completions;
        }
    }
    let completions_by_month = largest_series(by_organisation.into_values().collect(), CHART_ORGANISATIONS, Msg::ReportOtherOrganisations.text(locale));

    let mut score_bands = vec![0; SCORE_BANDS];
    for (percent, people) in best_percents {
        score_bands[percent_band(percent)] += people;
    }

    let organisations = match scope {
        AdminScope::Platform => Some(organisations::organisation_names(&state.db).await?),
        AdminScope::Organisation(_) => None,
    };
    let cohorts = store::cohorts_in_scope(&state.db, scope).await?;
    Ok(CompletionReport {
        filter: filter.clone(),
        field_error,
        choices: ReportChoices { courses, organisations, cohorts },
        rows,
        totals,
        months,
        completions_by_month,
        score_bands,
    })
}
