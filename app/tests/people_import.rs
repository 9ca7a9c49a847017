//! The CSV import of people on SQLite and PostgreSQL: the preview reports every bad row at its
//! line and column and stores nothing; an import is all or nothing and, repeated, changes
//! nothing; an organisation administrator imports only into their own organisation and cannot
//! grant the administrator role; people named with a cohort join it and get its courses.

use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::audit::AuditAction;
use tiltas_app::domain::people_import::Column;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Msg;
use tiltas_app::page::SessionUser;
use tiltas_app::server::cohorts;
use tiltas_app::server::people_import::{self, ImportError};
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{ORGANISATION, app_state, import_fixture_courses, on_both_backends, organisation_named, person, person_in};
use tiltas_app::views::people_import::PersonChange;

const OTHER: &str = "Kauno AVPK";

/// Rows in the tables an import writes to.
async fn stored(db: &Db) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in ["users", "user_roles", "invites", "cohorts", "cohort_members", "enrolments", "audit_events"] {
        let (count,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(db.pool()).await.unwrap();
        counts.push(count);
    }
    counts
}

async fn administrator(db: &Db, email: &str, organisation: &str, role: Role) -> (SessionUser, AdminScope) {
    let id = person_in(db, organisation, email, &[role]).await;
    let organisation_id = organisation_named(db, organisation).await;
    let user = SessionUser {
        id,
        name: "Admin".into(),
        email: email.into(),
        roles: vec![role],
        organisation_id: Some(organisation_id.clone()),
        organisation_name: Some(organisation.into()),
    };
    let scope = AdminScope::of(&user.roles, user.organisation_id.as_deref()).unwrap();
    (user, scope)
}

#[tokio::test]
async fn the_preview_reports_each_bad_row_at_its_line_and_column_and_stores_nothing() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let (_, scope) = administrator(&db, "admin@tiltas.lt", ORGANISATION, Role::Administrator).await;
        person_in(&db, OTHER, "jonas@kaunas.lt", &[Role::Learner]).await;
        let before = stored(&db).await;
        let file = format!(
            "name,email,organisation,roles,cohort\n\
             Ona Petraitė,ona@vpk.lt,{ORGANISATION},,Intake 1\n\
             ,nameless@vpk.lt,{ORGANISATION},,\n\
             Rūta,ruta-at-vpk.lt,{ORGANISATION},,\n\
             Petras,petras@vpk.lt,Nowhere AVPK,,\n\
             Ieva,ONA@vpk.lt,{ORGANISATION},,\n\
             Tomas,tomas@vpk.lt,{ORGANISATION},learner;boss,\n\
             Jonas,jonas@kaunas.lt,{ORGANISATION},,\n\
             Lina,lina@vpk.lt,,,\n"
        );
        let preview = people_import::preview(&state, &scope, file.as_bytes()).await.unwrap();
        let found: Vec<(u32, Option<Column>, Msg)> = preview.problems.iter().map(|p| (p.line, p.column, p.message)).collect();
        assert_eq!(
            found,
            vec![
                (3, Some(Column::Name), Msg::NameRequired),
                (4, Some(Column::Email), Msg::EmailInvalid),
                (5, Some(Column::Organisation), Msg::ImportUnknownOrganisation),
                (6, Some(Column::Email), Msg::ImportDuplicateEmail),
                (7, Some(Column::Roles), Msg::ImportUnknownRole),
                (8, Some(Column::Organisation), Msg::ImportOtherOrganisation),
                (9, Some(Column::Organisation), Msg::OrganisationRequired),
            ]
        );
        assert_eq!(preview.problems[2].value, "Nowhere AVPK");
        assert_eq!(preview.rows.len(), 1, "the good row is still shown");
        assert_eq!(preview.rows[0].change, PersonChange::New);
        assert!(preview.rows[0].cohort.as_ref().is_some_and(|c| c.new_cohort));
        assert_eq!(stored(&db).await, before, "a preview stores nothing");

        // Confirming the same file imports nothing either.
        let admin = storage::users::find_by_email(&db, "admin@tiltas.lt").await.unwrap().unwrap();
        let user = SessionUser { id: admin.id, name: admin.name, email: admin.email, roles: vec![Role::Administrator], organisation_id: None, organisation_name: None };
        assert!(matches!(people_import::import(&state, &scope, &user, &file, "127.0.0.1").await, Err(ImportError::Rows(rows)) if rows.len() == 7));
        assert_eq!(stored(&db).await, before);

        // A file that is not UTF-8 is reported at the line of the first bad byte.
        let preview = people_import::preview(&state, &scope, b"name,email\nR\xfbta,ruta@vpk.lt\n").await.unwrap();
        assert_eq!((preview.problems[0].line, preview.problems[0].message), (2, Msg::ImportNotUtf8));
    })
    .await;
}

#[tokio::test]
async fn an_import_is_all_or_nothing_and_repeating_it_changes_nothing() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let (admin, scope) = administrator(&db, "admin@tiltas.lt", ORGANISATION, Role::Administrator).await;
        let existing = person(&db, "ona@vpk.lt", Role::Learner).await;
        // An existing cohort with a course assigned: people imported into it get the course.
        let organisation_id = organisation_named(&db, ORGANISATION).await;
        let intake = cohorts::create_cohort(&state, &scope, "Intake 1", &organisation_id).await.unwrap();
        cohorts::assign_course(&state, &scope, &admin.id, &intake, "spotting-exploitation", "2027-03-31").await.unwrap();
        let file = format!(
            "\u{feff}email,name,roles,cohort,organisation\n\
             ona@vpk.lt,Ona Petraitė,learner;trainer,Intake 1,\n\
             rasa@vpk.lt,Rasa Jonaitė,,Intake 1,{ORGANISATION}\n\
             tomas@vpk.lt,Tomas Kazlauskas,trainer,Night shift,{ORGANISATION}\n"
        );

        // Someone takes one of the new addresses between the preview and the confirmation:
        // the import refuses, and none of the other rows is stored.
        let preview = people_import::preview(&state, &scope, file.as_bytes()).await.unwrap();
        assert!(preview.problems.is_empty(), "{:?}", preview.problems);
        let changes: Vec<&PersonChange> = preview.rows.iter().map(|r| &r.change).collect();
        assert_eq!(changes, vec![
            &PersonChange::Updated { name: true, roles_added: vec![Role::Trainer] },
            &PersonChange::New,
            &PersonChange::New,
        ]);
        person_in(&db, OTHER, "tomas@vpk.lt", &[Role::Learner]).await;
        let before = stored(&db).await;
        assert!(matches!(people_import::import(&state, &scope, &admin, &preview.csv, "127.0.0.1").await, Err(ImportError::Rows(_))));
        assert_eq!(stored(&db).await, before, "nothing is half imported");
        sqlx::query("DELETE FROM user_roles WHERE user_id IN (SELECT id FROM users WHERE email = 'tomas@vpk.lt')").execute(db.pool()).await.unwrap();
        sqlx::query("DELETE FROM users WHERE email = 'tomas@vpk.lt'").execute(db.pool()).await.unwrap();

        let outcome = people_import::import(&state, &scope, &admin, &preview.csv, "127.0.0.1").await.unwrap();
        assert_eq!((outcome.counts.new_people, outcome.counts.updated, outcome.counts.cohort_joins, outcome.counts.new_cohorts), (2, 1, 3, 1));
        let invited: Vec<&str> = outcome.invitations.iter().map(|i| i.email.as_str()).collect();
        assert_eq!(invited, vec!["rasa@vpk.lt", "tomas@vpk.lt"]);
        let token = outcome.invitations[0].link.rsplit('/').next().unwrap();
        assert_eq!(tiltas_app::server::accounts::open_invite_email(&db, token).await.unwrap().as_deref(), Some("rasa@vpk.lt"));
        let ona = storage::users::find_by_id(&db, &existing).await.unwrap().unwrap();
        assert_eq!(ona.name, "Ona Petraitė");
        assert_eq!(storage::users::roles_of(&db, &existing).await.unwrap(), vec![Role::Learner, Role::Trainer]);
        let rasa = storage::users::find_by_email(&db, "rasa@vpk.lt").await.unwrap().unwrap();
        let enrolment = storage::enrolments::enrolment(&db, &rasa.id, "spotting-exploitation").await.unwrap().expect("enrolled by the cohort");
        assert_eq!(enrolment.due_at, tiltas_app::domain::calendar::parse_end_of_day("2027-03-31"));
        let night = cohorts::cohorts_page(&state, &scope, 1).await.unwrap().cohorts.into_iter().find(|c| c.name == "Night shift").unwrap();
        assert_eq!((night.organisation_name.as_deref(), night.members), (Some(ORGANISATION), 1));
        let (events,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE action = $1 AND actor_id = $2")
            .bind(AuditAction::PeopleImported.code())
            .bind(&admin.id)
            .fetch_one(db.pool())
            .await
            .unwrap();
        assert_eq!(events, 1);

        // The same file again: every row unchanged, and nothing but the audit event is written.
        let again = people_import::preview(&state, &scope, file.as_bytes()).await.unwrap();
        assert!(again.rows.iter().all(|r| r.change == PersonChange::Unchanged && r.cohort.is_none()), "{:?}", again.rows);
        let before = stored(&db).await;
        let outcome = people_import::import(&state, &scope, &admin, &file, "127.0.0.1").await.unwrap();
        assert_eq!((outcome.counts.unchanged, outcome.counts.new_people, outcome.counts.cohort_joins), (3, 0, 0));
        assert!(outcome.invitations.is_empty());
        let mut after = stored(&db).await;
        after[6] -= 1;
        assert_eq!(after, before, "only the audit event is new");
    })
    .await;
}

#[tokio::test]
async fn an_organisation_administrator_imports_only_into_their_organisation_and_grants_no_administrator() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let (admin, scope) = administrator(&db, "org-admin@vpk.lt", ORGANISATION, Role::OrganisationAdministrator).await;
        person_in(&db, OTHER, "jonas@kaunas.lt", &[Role::Learner]).await;
        person(&db, "chief@vpk.lt", Role::Administrator).await;
        cohorts::create_cohort(&state, &AdminScope::Platform, "Kaunas intake", &organisation_named(&db, OTHER).await).await.unwrap();
        let before = stored(&db).await;
        let file = format!(
            "name,email,organisation,roles,cohort\n\
             Ona,ona@vpk.lt,,,\n\
             Petras,petras@vpk.lt,{OTHER},,\n\
             Rūta,ruta@vpk.lt,,administrator,\n\
             Jonas,jonas@kaunas.lt,,,\n\
             Chief,chief@vpk.lt,,,\n\
             Lina,lina@vpk.lt,,,Kaunas intake\n\
             Aldona,aldona@vpk.lt,,organisation_administrator;learner,\n"
        );
        let preview = people_import::preview(&state, &scope, file.as_bytes()).await.unwrap();
        let found: Vec<(u32, Option<Column>, Msg)> = preview.problems.iter().map(|p| (p.line, p.column, p.message)).collect();
        assert_eq!(
            found,
            vec![
                (3, Some(Column::Organisation), Msg::ImportOrganisationNotYours),
                (4, Some(Column::Roles), Msg::ImportRoleNotAllowed),
                (5, Some(Column::Email), Msg::ImportPersonNotYours),
                (6, Some(Column::Email), Msg::ImportPersonNotYours),
                (7, Some(Column::Cohort), Msg::ImportCohortNotYours),
            ]
        );
        assert!(matches!(people_import::import(&state, &scope, &admin, &file, "127.0.0.1").await, Err(ImportError::Rows(_))));
        assert_eq!(stored(&db).await, before);

        // Their good rows alone go into their organisation.
        let good = "name,email,roles\nOna,ona@vpk.lt,\nAldona,aldona@vpk.lt,organisation_administrator;learner\n";
        people_import::import(&state, &scope, &admin, good, "127.0.0.1").await.unwrap();
        let own = organisation_named(&db, ORGANISATION).await;
        for email in ["ona@vpk.lt", "aldona@vpk.lt"] {
            let person = storage::users::find_by_email(&db, email).await.unwrap().unwrap();
            assert_eq!(person.organisation_id.as_deref(), Some(own.as_str()), "{email}");
        }
    })
    .await;
}
