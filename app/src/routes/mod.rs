//! One module per page, each with the server functions its forms and data use.

pub mod admin_organisations;
pub mod admin_people;
pub mod home;
pub mod invite;
pub mod language;
pub mod login;
pub mod profile;
pub mod register;
