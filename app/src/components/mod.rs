//! Pieces shared by many pages: the layout, form fields, error pages, and the course editor's
//! module editor (an island) and preview.

pub mod error_page;
pub mod form;
pub mod layout;
pub mod module_editor;
pub mod module_preview;
pub mod pager;
pub mod table_scroll;
