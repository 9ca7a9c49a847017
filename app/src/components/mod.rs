//! Pieces shared by many pages: the layout, form fields and error pages.

pub mod error_page;
pub mod form;
pub mod layout;
