//! The audit log, for platform administrators: entries newest first, a page at a time, narrowed by
//! a GET form (action, person, dates) so that a view works without JavaScript and can be
//! bookmarked, and the same entries as a CSV download (`/admin/audit.csv`, a plain route).

use crate::components::error_page::load_page;
use crate::domain::audit::AuditAction;
use crate::domain::calendar::datetime_text;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::page::tr;
use crate::paths::ADMIN_AUDIT_PATH;
use crate::views::privacy::{AuditEntryView, AuditLogView};
use crate::components::table_scroll::TableScroll;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Each filter is optional: an absent one means "any".
#[server(name = LoadAuditLog, endpoint = "audit_log")]
pub async fn audit_log_page(
    #[server(default)] action: String,
    #[server(default)] person: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] after: String,
) -> Result<AuditLogView, AppError> {
    use crate::domain::roles::Role;
    use crate::server::{context, privacy};
    use crate::views::privacy::AuditQuery;
    context::with_status(async {
        context::require_role(Role::Administrator)?;
        let state = context::app_state()?;
        Ok(privacy::audit_log::audit_log_page(&state, AuditQuery { action, person, from, to, after }).await?)
    }
    .await)
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let query = use_query_map().read_untracked();
    let field = |name: &str| query.get(name).unwrap_or_default();
    let loaded = audit_log_page(field("action"), field("person"), field("from"), field("to"), field("after"));
    load_page(loaded, |log| view! { <AuditLog log=log.clone()/> })
}

#[component]
fn AuditLog(log: AuditLogView) -> impl IntoView {
    let first_page = log.query.after.is_empty();
    view! {
        <section>
            <h1>{tr(Msg::AuditTitle)}</h1>
            <p>{tr(Msg::AuditIntro)}</p>
            <AuditFilters log=log.clone()/>
            {if log.entries.is_empty() {
                view! { <p>{tr(Msg::AuditNoEvents)}</p> }.into_any()
            } else {
                view! { <AuditTable entries=log.entries.clone()/> }.into_any()
            }}
            <p class="pager">
                {log.older.clone().map(|href| view! { <a class="button button-secondary" href=href>{tr(Msg::AuditOlder)}</a>" " })}
                {(!first_page).then(|| view! { <a href=ADMIN_AUDIT_PATH>{tr(Msg::AuditNewest)}</a> })}
            </p>
            {log.problems.is_empty().then(|| view! { <p><a href=log.csv.clone() download="">{tr(Msg::AuditDownloadCsv)}</a></p> })}
        </section>
    }
}

/// The GET form: what was typed stays, each problem beside its field.
#[component]
fn AuditFilters(log: AuditLogView) -> impl IntoView {
    let problem = |field: &str| log.problem(field).map(|msg| view! { <p class="field-error" id=format!("audit-{field}-error")>{tr(msg)}</p> });
    let invalid = |field: &str| log.problem(field).is_some().then_some("true");
    let query = log.query.clone();
    view! {
        <form method="get" action=ADMIN_AUDIT_PATH class="filters">
            <div class="field">
                <label for="audit-action">{tr(Msg::AuditActionFilter)}</label>
                {problem("action")}
                <select id="audit-action" name="action" aria-invalid=invalid("action")>
                    <option value="">{tr(Msg::AuditAllActions)}</option>
                    {AuditAction::ALL.into_iter().map(|action| view! {
                        <option value=action.code() selected=query.action == action.code()>{tr(action.label())}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="audit-person">{tr(Msg::AuditPersonFilter)}</label>
                <input type="search" id="audit-person" name="person" value=query.person.clone() maxlength="200"/>
            </div>
            <div class="field">
                <label for="audit-from">{tr(Msg::AuditFrom)}</label>
                {problem("from")}
                <input type="date" id="audit-from" name="from" value=query.from.clone() aria-invalid=invalid("from")/>
            </div>
            <div class="field">
                <label for="audit-to">{tr(Msg::AuditTo)}</label>
                {problem("to")}
                <input type="date" id="audit-to" name="to" value=query.to.clone() aria-invalid=invalid("to")/>
            </div>
            <button type="submit" class="button-secondary">{tr(Msg::FilterApply)}</button>
        </form>
    }
}

/// Who did it: a person, nobody signed in (a failed sign-in), or Tiltas itself (the retention
/// rule, a certificate issued at completion).
fn actor_text(entry: &AuditEntryView) -> String {
    match (&entry.actor, entry.action) {
        (Some(actor), _) => actor.clone(),
        (None, AuditAction::SignInFailed) => String::new(),
        (None, _) => tr(Msg::AuditBySystem).to_string(),
    }
}

#[component]
fn AuditTable(entries: Vec<AuditEntryView>) -> impl IntoView {
    view! {
        <TableScroll>
            <table class="data-table audit-log">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::AuditTime)}</th>
                        <th scope="col">{tr(Msg::AuditActionFilter)}</th>
                        <th scope="col">{tr(Msg::AuditActor)}</th>
                        <th scope="col">{tr(Msg::AuditSubject)}</th>
                        <th scope="col">{tr(Msg::AuditDetail)}</th>
                        <th scope="col">{tr(Msg::AuditAddress)}</th>
                    </tr>
                </thead>
                <tbody>
                    {entries.into_iter().map(|entry| view! {
                        <tr data-action=entry.action.code()>
                            <td>{datetime_text(entry.occurred_at)}</td>
                            <td>{tr(entry.action.label())}</td>
                            <td>{actor_text(&entry)}</td>
                            <td>{entry.subject.unwrap_or_default()}</td>
                            <td>{entry.detail}</td>
                            <td>{entry.client_address.unwrap_or_default()}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </TableScroll>
    }
}
