//! The CSV import of people (`/admin/people/import`), in two steps that both work without
//! JavaScript: a form (a file, or pasted text) posted to the preview, which shows what each row
//! would do and every problem by line and column; then, when there is none, a confirmation form
//! carrying the text back, whose answer lists the new people's invitation links.
//!
//! Both posts go to plain routes (`server/src/http/people_import.rs`), not server functions:
//! their answers are whole pages (a preview of thousands of rows, links shown once), too large
//! for the one-time cookie a form's outcome travels in. Those routes render this page with
//! their outcome in the context (`ImportStep`); opened directly, it shows the empty form.

use crate::components::error_page::load_page;
use crate::components::form::CsrfField;
use crate::domain::people_import::RowProblem;
use crate::error::AppError;
use crate::i18n::{Msg, fill};
use crate::page::tr;
use crate::paths::{ADMIN_COHORTS_PATH, PEOPLE_IMPORT_CONFIRM_PATH, PEOPLE_IMPORT_PATH, PEOPLE_IMPORT_PREVIEW_PATH};
use crate::views::people_import::{ImportCounts, ImportOutcome, ImportPreview, ImportStep, PersonChange, PlannedRow};
use crate::components::table_scroll::TableScroll;
use leptos::prelude::*;

/// The page's access check: administrators of any scope import into their scope.
#[server(name = LoadPeopleImportPage, endpoint = "people_import_page")]
pub async fn people_import_page() -> Result<(), AppError> {
    use crate::server::context;
    context::with_status(context::require_admin_scope().map(|_| ()))
}

#[component]
pub fn PeopleImportPage() -> impl IntoView {
    let step = use_context::<ImportStep>();
    load_page(people_import_page(), move |_| {
        let shown = match step.clone() {
            None => view! { <ImportForm text=String::new()/> }.into_any(),
            Some(ImportStep::Preview(preview)) => view! { <Preview preview/> }.into_any(),
            Some(ImportStep::Imported(outcome)) => view! { <Imported outcome/> }.into_any(),
        };
        view! {
            <section>
                <h1>{tr(Msg::ImportTitle)}</h1>
                {shown}
            </section>
        }
    })
}

/// The first step's form: a file, or the text pasted (kept after a preview with problems).
#[component]
fn ImportForm(text: String) -> impl IntoView {
    view! {
        <p>{tr(Msg::ImportIntro)}</p>
        <p>{tr(Msg::ImportColumnsHelp)}</p>
        <p>{tr(Msg::ImportRulesHelp)}</p>
        <form method="post" action=PEOPLE_IMPORT_PREVIEW_PATH enctype="multipart/form-data">
            // First, so that the anti-forgery check finds it before the file.
            <CsrfField/>
            <div class="field">
                <label for="import-file">{tr(Msg::ImportFile)}</label>
                <input id="import-file" type="file" name="file" accept=".csv,text/csv"/>
            </div>
            <div class="field">
                <label for="import-text">{tr(Msg::ImportPaste)}</label>
                <textarea id="import-text" name="csv_text" rows="8" wrap="off">{text}</textarea>
            </div>
            <button type="submit">{tr(Msg::ImportPreviewButton)}</button>
        </form>
        <p><a href=ADMIN_COHORTS_PATH>{tr(Msg::CohortsTitle)}</a></p>
    }
}

fn summary(counts: &ImportCounts) -> String {
    fill(
        tr(Msg::ImportSummary),
        &[
            ("new", &counts.new_people.to_string()),
            ("updated", &counts.updated.to_string()),
            ("unchanged", &counts.unchanged.to_string()),
            ("joins", &counts.cohort_joins.to_string()),
            ("cohorts", &counts.new_cohorts.to_string()),
        ],
    )
}

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    let ready = preview.problems.is_empty();
    // After problems, the text stays in the box for correcting; after a good preview, a fresh form.
    let kept = if ready { String::new() } else { preview.csv.clone() };
    view! {
        <h2>{tr(Msg::ImportPreviewTitle)}</h2>
        {if ready {
            view! {
                <div class="notice notice-success" role="status"><p>{tr(Msg::ImportReady)}</p><p>{summary(&preview.counts)}</p></div>
                <form method="post" action=PEOPLE_IMPORT_CONFIRM_PATH>
                    <CsrfField/>
                    <input type="hidden" name="csv" value=preview.csv.clone()/>
                    <button type="submit">{tr(Msg::ImportConfirmButton)}</button>
                </form>
            }.into_any()
        } else {
            view! { <Problems problems=preview.problems.clone()/> }.into_any()
        }}
        {(!preview.rows.is_empty()).then(|| view! { <PlannedRows rows=preview.rows.clone()/> })}
        <h2>{tr(Msg::ImportAgain)}</h2>
        <ImportForm text=kept/>
    }
}

#[component]
fn Problems(problems: Vec<RowProblem>) -> impl IntoView {
    view! {
        <div class="notice notice-error" role="alert">
            <p><strong>{tr(Msg::ImportProblemsTitle)}</strong></p>
            <p>{tr(Msg::ImportProblemsIntro)}</p>
        </div>
        <TableScroll>
            <table class="data-table import-problems">
                <thead><tr>
                    <th scope="col">{tr(Msg::ImportLine)}</th>
                    <th scope="col">{tr(Msg::ImportColumn)}</th>
                    <th scope="col">{tr(Msg::ImportProblem)}</th>
                </tr></thead>
                <tbody>
                    {problems.into_iter().map(|problem| view! {
                        <tr>
                            <td>{if problem.line == 0 { tr(Msg::ImportWholeFile).to_string() } else { problem.line.to_string() }}</td>
                            <td>{problem.column.map(|c| c.header())}</td>
                            <td>{fill(tr(problem.message), &[("value", &problem.value)])}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}

fn change_text(row: &PlannedRow) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &row.change {
        PersonChange::New => parts.push(tr(Msg::ImportNew).to_string()),
        PersonChange::Unchanged => parts.push(tr(Msg::ImportUnchanged).to_string()),
        PersonChange::Updated { name, roles_added } => {
            if *name {
                parts.push(tr(Msg::ImportUpdatedName).to_string());
            }
            if !roles_added.is_empty() {
                let roles = roles_added.iter().map(|r| tr(r.label())).collect::<Vec<_>>().join(", ");
                parts.push(fill(tr(Msg::ImportRolesAdded), &[("roles", &roles)]));
            }
        }
    }
    if let Some(join) = &row.cohort {
        let message = if join.new_cohort { Msg::ImportJoinsNewCohort } else { Msg::ImportJoinsCohort };
        parts.push(fill(tr(message), &[("cohort", &join.name)]));
    }
    parts.join("; ")
}

#[component]
fn PlannedRows(rows: Vec<PlannedRow>) -> impl IntoView {
    view! {
        <TableScroll>
            <table class="data-table import-rows">
                <thead><tr>
                    <th scope="col">{tr(Msg::ImportLine)}</th>
                    <th scope="col">{tr(Msg::Name)}</th>
                    <th scope="col">{tr(Msg::Email)}</th>
                    <th scope="col">{tr(Msg::Organisation)}</th>
                    <th scope="col">{tr(Msg::Roles)}</th>
                    <th scope="col">{tr(Msg::ImportChange)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let change = change_text(&row);
                        let roles = row.roles.iter().map(|r| tr(r.label())).collect::<Vec<_>>().join(", ");
                        view! {
                            <tr>
                                <td>{row.line}</td>
                                <td>{row.name}</td>
                                <td>{row.email}</td>
                                <td>{row.organisation_name.unwrap_or_else(|| tr(Msg::NoOrganisation).to_string())}</td>
                                <td>{roles}</td>
                                <td>{change}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}

#[component]
fn Imported(outcome: ImportOutcome) -> impl IntoView {
    view! {
        <div class="notice notice-success" role="status">
            <p>{tr(Msg::ImportDone)}</p>
            <p>{summary(&outcome.counts)}</p>
        </div>
        {(!outcome.invitations.is_empty()).then(|| view! {
            <h2>{tr(Msg::ImportInvitationsTitle)}</h2>
            <p>{tr(if outcome.emailed { Msg::ImportInvitationsEmailed } else { Msg::ImportInvitationsIntro })}</p>
            <TableScroll>
                <table class="data-table import-invitations">
                    <thead><tr>
                        <th scope="col">{tr(Msg::Name)}</th>
                        <th scope="col">{tr(Msg::Email)}</th>
                        <th scope="col">{tr(Msg::InviteLink)}</th>
                    </tr></thead>
                    <tbody>
                        {outcome.invitations.iter().map(|invitation| view! {
                            <tr>
                                <td>{invitation.name.clone()}</td>
                                <td>{invitation.email.clone()}</td>
                                <td><code>{invitation.link.clone()}</code></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableScroll>
        })}
        <p><a href=PEOPLE_IMPORT_PATH>{tr(Msg::ImportAgain)}</a></p>
    }
}
