//! "Previous" and "next" links under a paginated list. They are plain links carrying `page` in
//! the address (beside the list's other filters, if any), so paging works without JavaScript
//! and a page can be bookmarked.

use crate::i18n::{Msg, fill};
use crate::page::tr;
use leptos::prelude::*;

/// `path` is the list's address with its filters (its own query, if any, is kept).
#[component]
pub fn Pager(path: String, page: u32, has_next: bool) -> impl IntoView {
    let link = move |to: u32| {
        let separator = if path.contains('?') { '&' } else { '?' };
        format!("{path}{separator}page={to}")
    };
    (page > 1 || has_next).then(|| {
        view! {
            <nav class="pager" aria-label=tr(Msg::Pages)>
                {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{tr(Msg::PreviousPage)}</a> })}
                " "<span>{fill(tr(Msg::PageNumber), &[("page", &page.to_string())])}</span>" "
                {has_next.then(|| view! { <a href=link(page + 1) rel="next">{tr(Msg::NextPage)}</a> })}
            </nav>
        }
    })
}
