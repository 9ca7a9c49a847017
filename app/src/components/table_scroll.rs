//! A wide table's frame on a narrow screen: it scrolls sideways inside the page instead of
//! widening it. Keyboard users must be able to scroll it too (WCAG 2.1.1), so the frame takes
//! the focus (arrow keys then scroll it) and, being focusable, is a named region.

use crate::i18n::Msg;
use crate::page::tr;
use leptos::prelude::*;

#[component]
pub fn TableScroll(children: Children) -> impl IntoView {
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=tr(Msg::ScrollableTable)>
            {children()}
        </div>
    }
}
