//! What pages receive: the types a page loader returns and a browser may be sent (the wire
//! types). Services build them and routes render them, so neither imports the other's module.
//!
//! These types never carry anything a learner must not see yet: a question's correct options
//! and feedback appear only in `AnsweredQuestion`, which a service fills in only after the
//! learner has answered.

pub mod admin_reports;
pub mod authoring;
pub mod certificates;
pub mod cohorts;
pub mod learning;
pub mod people;
pub mod privacy;
pub mod people_import;
pub mod reports;
pub mod single_sign_on;
