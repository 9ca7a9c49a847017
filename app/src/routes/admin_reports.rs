//! The administrators' completion report: filters in the address (a GET form, so it works
//! without JavaScript and can be bookmarked), the table of figures, each linked to the people
//! behind it, the CSV download, and two charts drawn on the server as SVG with their figures in
//! a table for screen readers. Organisation administrators see their own organisation only.

use crate::charts::{ChartText, LineSeries, bar_chart, line_chart};
use crate::components::error_page::load_page;
use crate::domain::reporting::{CHART_ORGANISATIONS, ReportFilter, ReportGrouping, ReportStatus, SCORE_BANDS, score_band_label};
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::{page_context, tr};
use crate::paths::{ADMIN_REPORT_PEOPLE_PATH, ADMIN_REPORTS_CSV_PATH, ADMIN_REPORTS_PATH};
use crate::views::admin_reports::{CompletionReport, CompletionRow, ReportChoices};
use crate::components::table_scroll::TableScroll;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

#[server(name = LoadAdminReport, endpoint = "admin_report")]
pub async fn admin_report(
    course: Option<String>,
    organisation: Option<String>,
    cohort: Option<String>,
    group: Option<String>,
    days: Option<String>,
) -> Result<CompletionReport, AppError> {
    use crate::server::admin_reports::{self, ReportParams};
    use crate::server::context;
    context::with_status(async {
        let (_, scope) = context::require_admin_scope()?;
        let state = context::app_state()?;
        let params = ReportParams { course, organisation, cohort, group, days, ..ReportParams::default() };
        Ok(admin_reports::completion_report(&state, &scope, &params, context::locale()).await?)
    }
    .await)
}

/// The address of the people behind `status` under `filter`.
pub fn people_href(filter: &ReportFilter, status: ReportStatus) -> String {
    format!("{ADMIN_REPORT_PEOPLE_PATH}?{}", filter.query(&[("status", status.code())]))
}

#[component]
pub fn ReportsPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let param = |name: &str| query.get(name);
    // What was typed in the window field, shown again as typed even when it cannot be read.
    let typed_days = param("days");
    let loading = admin_report(param("course"), param("organisation"), param("cohort"), param("group"), param("days"));
    load_page(loading, move |report| {
        let days = typed_days.clone().unwrap_or_else(|| report.filter.expiring_days.to_string());
        view! {
            <section class="report">
                <h1>{tr(Msg::ReportsTitle)}</h1>
                <p>{tr(Msg::ReportsIntro)}</p>
                <Filters filter=report.filter.clone() choices=report.choices.clone() days=days field_error=report.field_error.clone()/>
                <CompletionTable report=report.clone()/>
                <Charts report=report.clone()/>
            </section>
        }
        .into_any()
    })
}

/// The filters as a GET form to this page.
#[component]
fn Filters(filter: ReportFilter, choices: ReportChoices, days: String, field_error: Option<(String, Msg)>) -> impl IntoView {
    let days_error = field_error.filter(|(field, _)| field == "days").map(|(_, message)| tr(message));
    let select = |id: &'static str, name: &'static str, label: Msg, options: Vec<(String, String)>, chosen: Option<String>| {
        view! {
            <div class="field">
                <label for=id>{tr(label)}</label>
                <select id=id name=name>
                    <option value="">{tr(Msg::FilterAll)}</option>
                    {options.into_iter().map(|(value, text)| {
                        let selected = chosen.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form method="get" action=ADMIN_REPORTS_PATH class="filters">
            {select("report-course", "course", Msg::Course, choices.courses, filter.course.clone())}
            {choices.organisations.map(|organisations| {
                select("report-organisation", "organisation", Msg::Organisation, organisations, filter.organisation.clone())
            })}
            {select("report-cohort", "cohort", Msg::ReportCohort, choices.cohorts, filter.cohort.clone())}
            <div class="field">
                <label for="report-group">{tr(Msg::ReportGroupBy)}</label>
                <select id="report-group" name="group">
                    {ReportGrouping::ALL.into_iter().map(|grouping| view! {
                        <option value=grouping.code() selected=grouping == filter.group_by>{tr(grouping.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="report-days">{tr(Msg::ReportExpiringDays)}</label>
                {days_error.map(|message| view! { <p class="field-error" id="report-days-error" role="alert">{message}</p> })}
                <input type="number" id="report-days" name="days" min="1" max="3650" step="1" inputmode="numeric" value=days
                    aria-invalid=if days_error.is_some() { "true" } else { "false" }
                    aria-describedby=days_error.map(|_| "report-days-error")/>
            </div>
            <button type="submit" class="button-secondary">{tr(Msg::ReportShow)}</button>
        </form>
    }
    .into_any()
}

/// A figure, linked to the people it counts when there are any and the row can be narrowed to.
fn figure_cell(count: i64, link: Option<String>) -> impl IntoView {
    match link.filter(|_| count > 0) {
        Some(href) => view! { <td class="number"><a href=href>{count}</a></td> }.into_any(),
        None => view! { <td class="number">{count}</td> }.into_any(),
    }
}

#[component]
fn CompletionTable(report: CompletionReport) -> impl IntoView {
    let locale = page_context().locale;
    let filter = report.filter.clone();
    let csv_href = format!("{ADMIN_REPORTS_CSV_PATH}?{}", filter.query(&[]));
    if report.rows.is_empty() {
        return view! { <p>{tr(Msg::ReportNothing)}</p> }.into_any();
    }
    let grouping = filter.group_by;
    let row_view = move |row: CompletionRow, filter: &ReportFilter| {
        let narrowed = row.key.as_deref().map(|key| filter.narrowed(grouping, key));
        view! {
            <tr>
                <th scope="row">{row.label.clone()}</th>
                {ReportStatus::ALL.into_iter().map(|status| {
                    figure_cell(row.counts.get(status), narrowed.as_ref().map(|f| people_href(f, status)))
                }).collect_view()}
            </tr>
        }
    };
    view! {
        <p><a href=csv_href download="">{tr(Msg::ReportDownloadCsv)}</a></p>
        <TableScroll>
            <table class="data-table report-table">
                <caption>{tr(Msg::ReportTableCaption)}</caption>
                <thead><tr>
                    <th scope="col">{tr(grouping.label())}</th>
                    {ReportStatus::ALL.into_iter().map(|status| view! {
                        <th scope="col">{status.heading(filter.expiring_days, locale)}</th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {report.rows.iter().cloned().map(|row| row_view(row, &filter)).collect_view()}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row">{tr(Msg::ReportTotal)}</th>
                        {ReportStatus::ALL.into_iter().map(|status| {
                            figure_cell(report.totals.get(status), Some(people_href(&filter, status)))
                        }).collect_view()}
                    </tr>
                </tfoot>
            </table>
        </TableScroll>
    }
    .into_any()
}

/// The completions chart and the score histogram, each followed by its figures as a table.
#[component]
fn Charts(report: CompletionReport) -> impl IntoView {
    let organisations = report.completions_by_month.len().min(CHART_ORGANISATIONS).to_string();
    let completions_text = fill(tr(Msg::ReportCompletionsChartDescription), &[("count", &organisations)]);
    let series: Vec<LineSeries<'_>> =
        report.completions_by_month.iter().map(|s| LineSeries { label: &s.label, values: &s.values }).collect();
    let completions_svg = line_chart(
        &ChartText { id: "completions-chart", title: tr(Msg::ReportCompletionsChart), description: &completions_text },
        &report.months,
        &series,
    );
    let bands: Vec<String> = (0..SCORE_BANDS).map(score_band_label).collect();
    let scored: i64 = report.score_bands.iter().sum();
    let scores_text = fill(tr(Msg::ReportScoresChartDescription), &[("count", &scored.to_string())]);
    let scores_svg =
        bar_chart(&ChartText { id: "scores-chart", title: tr(Msg::ReportScoresChart), description: &scores_text }, &bands, &report.score_bands);
    let months = report.months.clone();
    let lines = report.completions_by_month.clone();
    view! {
        <h2>{tr(Msg::ReportChartsTitle)}</h2>
        <figure class="chart-figure">
            <figcaption>{tr(Msg::ReportCompletionsChart)}</figcaption>
            <div class="chart-frame" inner_html=completions_svg></div>
            <details>
                <summary>{tr(Msg::ReportChartFigures)}</summary>
                <TableScroll>
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{tr(Msg::ReportMonth)}</th>
                            {lines.iter().map(|s| view! { <th scope="col">{s.label.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {months.iter().enumerate().map(|(index, month)| view! {
                                <tr>
                                    <th scope="row">{month.clone()}</th>
                                    {lines.iter().map(|s| view! { <td class="number">{s.values.get(index).copied().unwrap_or(0)}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </TableScroll>
            </details>
        </figure>
        <figure class="chart-figure">
            <figcaption>{tr(Msg::ReportScoresChart)}</figcaption>
            <div class="chart-frame" inner_html=scores_svg></div>
            <details>
                <summary>{tr(Msg::ReportChartFigures)}</summary>
                <table class="data-table">
                    <thead><tr>
                        <th scope="col">{tr(Msg::ReportScoreBand)}</th>
                        <th scope="col">{tr(Msg::ReportLearners)}</th>
                    </tr></thead>
                    <tbody>
                        {bands.iter().zip(report.score_bands.iter()).map(|(band, count)| view! {
                            <tr><th scope="row">{band.clone()}</th><td class="number">{*count}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}
