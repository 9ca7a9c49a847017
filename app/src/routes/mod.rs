//! One module per page, each with the server functions its forms and data use. A page loader
//! is named `<page>_page`; like every server function it checks who is asking, calls one
//! service function and returns the view type the service builds (`crate::views`).

pub mod admin_assignments;
pub mod admin_audit;
pub mod admin_certificates;
pub mod admin_report_people;
pub mod admin_reports;
pub mod admin_cohorts;
pub mod admin_erase;
pub mod admin_organisations;
pub mod admin_people;
pub mod admin_people_import;
pub mod admin_person;
pub mod admin_single_sign_on;
pub mod catalogue;
pub mod certificates;
pub mod course;
pub mod course_editor;
pub mod course_results;
pub mod editor_courses;
pub mod file_editor;
pub mod glossary;
pub mod home;
pub mod invite;
pub mod language;
pub mod login;
pub mod module;
pub mod offline;
pub mod profile;
pub mod questions;
pub mod register;
pub mod scenario;
