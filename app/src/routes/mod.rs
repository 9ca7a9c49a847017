//! One module per page, each with the server functions its forms and data use.

pub mod admin_assignments;
pub mod admin_organisations;
pub mod admin_people;
pub mod author_course;
pub mod author_courses;
pub mod author_file;
pub mod author_results;
pub mod catalogue;
pub mod course;
pub mod home;
pub mod invite;
pub mod language;
pub mod login;
pub mod module;
pub mod profile;
pub mod register;
pub mod scenario;
