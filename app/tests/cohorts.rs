//! Cohorts on SQLite and PostgreSQL: scoped to the administrator's organisation in every
//! function, members added all or nothing, and a course assigned to a cohort enrolling its
//! current learners and those who join later, with the due date the learner's dashboard shows.

use tiltas_app::domain::administration::AdminScope;
use tiltas_app::domain::cohorts::EmailProblemKind;
use tiltas_app::domain::roles::Role;
use tiltas_app::i18n::Locale;
use tiltas_app::server::cohorts::{self, CohortsError};
use tiltas_app::server::learning;
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{ORGANISATION, app_state, import_fixture_courses, on_both_backends, organisation_named, person, person_in};

const COURSE: &str = "spotting-exploitation";
const OTHER: &str = "Kauno AVPK";

async fn member_count(db: &Db, cohort_id: &str) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cohort_members WHERE cohort_id = $1").bind(cohort_id).fetch_one(db.pool()).await.unwrap();
    count
}

#[tokio::test]
async fn an_organisation_administrator_sees_and_changes_only_their_own_cohorts() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let own = AdminScope::Organisation(organisation_named(&db, ORGANISATION).await);
        let other = AdminScope::Organisation(organisation_named(&db, OTHER).await);
        person(&db, "ona@vpk.lt", Role::Learner).await;
        person_in(&db, OTHER, "jonas@kaunas.lt", &[Role::Learner]).await;

        // Whatever organisation the form names, an organisation administrator's cohort is theirs.
        let intake = cohorts::create_cohort(&state, &own, "Intake 2027", "not-an-organisation").await.unwrap();
        let listed = cohorts::cohorts_page(&state, &own, 1).await.unwrap();
        assert_eq!(listed.cohorts.len(), 1);
        assert_eq!(listed.cohorts[0].organisation_name.as_deref(), Some(ORGANISATION));
        assert!(!listed.platform && listed.organisations.is_empty(), "no organisation to choose");

        // The other organisation's administrator neither sees nor reaches it.
        assert!(cohorts::cohorts_page(&state, &other, 1).await.unwrap().cohorts.is_empty());
        assert!(matches!(cohorts::cohort_page(&state, &other, &intake, 1, Locale::En).await, Err(CohortsError::NotFound)));
        assert!(matches!(cohorts::add_members(&state, &other, &intake, "jonas@kaunas.lt").await, Err(CohortsError::NotFound)));
        assert!(matches!(cohorts::assign_course(&state, &other, "x", &intake, COURSE, "").await, Err(CohortsError::NotFound)));
        let ona = storage::users::find_by_email(&db, "ona@vpk.lt").await.unwrap().unwrap().id;
        assert!(matches!(cohorts::remove_member(&state, &other, &intake, &ona).await, Err(CohortsError::NotFound)));

        // Nor can the cohort's own administrator add the other organisation's people, reported
        // as unknown (nothing is told about other organisations), and nothing is added.
        match cohorts::add_members(&state, &own, &intake, "ona@vpk.lt\njonas@kaunas.lt\n").await {
            Err(CohortsError::Lines(lines)) => {
                assert_eq!(lines.len(), 1);
                assert_eq!((lines[0].line, lines[0].kind), (2, EmailProblemKind::Unknown));
            }
            other => panic!("expected the line to be refused: {other:?}"),
        }
        assert_eq!(member_count(&db, &intake).await, 0, "all or nothing");
        // A platform administrator of the same organisation is not theirs to manage either.
        person(&db, "chief@vpk.lt", Role::Administrator).await;
        let refused = cohorts::add_members(&state, &own, &intake, "chief@vpk.lt").await;
        assert!(matches!(refused, Err(CohortsError::Lines(ref lines)) if lines[0].kind == EmailProblemKind::Unknown), "{refused:?}");

        // A platform administrator's cohort across organisations is not the organisation's.
        let platform = AdminScope::Platform;
        let across = cohorts::create_cohort(&state, &platform, "Regional training day", "").await.unwrap();
        assert!(matches!(cohorts::cohort_page(&state, &own, &across, 1, Locale::En).await, Err(CohortsError::NotFound)));
        assert_eq!(cohorts::add_members(&state, &platform, &across, "ona@vpk.lt\n\nJONAS@kaunas.lt").await.unwrap(), 2);
        assert!(matches!(
            cohorts::create_cohort(&state, &platform, "Intake 2027", "").await,
            Err(CohortsError::Invalid { message: tiltas_app::i18n::Msg::CohortNameTaken, .. })
        ));
    })
    .await;
}

#[tokio::test]
async fn members_are_added_all_or_nothing_with_each_bad_line_reported() {
    on_both_backends(|db| async move {
        let state = app_state(&db);
        let platform = AdminScope::Platform;
        let own_id = organisation_named(&db, ORGANISATION).await;
        person(&db, "ona@vpk.lt", Role::Learner).await;
        person_in(&db, OTHER, "jonas@kaunas.lt", &[Role::Learner]).await;
        let cohort = cohorts::create_cohort(&state, &platform, "Shift B", &own_id).await.unwrap();
        let text = "ona@vpk.lt\nnot an address\nnobody@vpk.lt\njonas@kaunas.lt\n";
        let Err(CohortsError::Lines(lines)) = cohorts::add_members(&state, &platform, &cohort, text).await else {
            panic!("the bad lines are refused");
        };
        let found: Vec<(u32, EmailProblemKind)> = lines.iter().map(|l| (l.line, l.kind)).collect();
        assert_eq!(found, vec![(2, EmailProblemKind::Invalid), (3, EmailProblemKind::Unknown), (4, EmailProblemKind::OtherOrganisation)]);
        assert_eq!(member_count(&db, &cohort).await, 0);
        assert_eq!(cohorts::add_members(&state, &platform, &cohort, "ona@vpk.lt").await.unwrap(), 1);
        assert_eq!(cohorts::add_members(&state, &platform, &cohort, "ona@vpk.lt").await.unwrap(), 0, "already a member");
        let page = cohorts::cohort_page(&state, &platform, &cohort, 1, Locale::En).await.unwrap();
        assert_eq!(page.members.iter().map(|m| m.email.as_str()).collect::<Vec<_>>(), vec!["ona@vpk.lt"]);
        let ona = &page.members[0].user_id;
        cohorts::remove_member(&state, &platform, &cohort, ona).await.unwrap();
        assert_eq!(member_count(&db, &cohort).await, 0);
    })
    .await;
}

#[tokio::test]
async fn assigning_a_course_enrols_current_and_later_learners_with_the_due_date() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let scope = AdminScope::Organisation(organisation_named(&db, ORGANISATION).await);
        let admin = person(&db, "admin@vpk.lt", Role::OrganisationAdministrator).await;
        let started = person(&db, "started@vpk.lt", Role::Learner).await;
        let fresh = person(&db, "fresh@vpk.lt", Role::Learner).await;
        let trainer = person(&db, "trainer@vpk.lt", Role::Trainer).await;
        let later = person(&db, "later@vpk.lt", Role::Learner).await;

        // One learner has begun the course on their own, with progress.
        learning::enrol(&state, &started, COURSE).await.unwrap();
        let before = learning::enrolled(&state, &started, COURSE).await.unwrap();
        let first_module = before.course.modules_in("en")[0].id.clone();
        learning::mark_read(&state, &before, &first_module).await.unwrap();

        let cohort = cohorts::create_cohort(&state, &scope, "Intake 2027", "").await.unwrap();
        cohorts::add_members(&state, &scope, &cohort, "started@vpk.lt\nfresh@vpk.lt\ntrainer@vpk.lt").await.unwrap();
        assert!(matches!(
            cohorts::assign_course(&state, &scope, &admin, &cohort, COURSE, "2027-02-31").await,
            Err(CohortsError::Invalid { .. })
        ));
        assert!(matches!(cohorts::assign_course(&state, &scope, &admin, &cohort, "no-such-course", "").await, Err(CohortsError::Invalid { .. })));
        cohorts::assign_course(&state, &scope, &admin, &cohort, COURSE, "2027-03-31").await.unwrap();
        let due = tiltas_app::domain::calendar::parse_end_of_day("2027-03-31").unwrap();

        // The learner who had started keeps their enrolment and progress, now assigned and due.
        let after = storage::enrolments::enrolment(&db, &started, COURSE).await.unwrap().unwrap();
        assert_eq!(after.id, before.enrolment.id, "the same enrolment");
        assert_eq!((after.due_at, after.assigned_by.as_deref()), (Some(due), Some(admin.as_str())));
        let dashboard = learning::pages::dashboard_page(&state, &started, Locale::En).await.unwrap();
        assert_eq!(dashboard[0].due_at, Some(due), "the dashboard shows the due date");
        assert!(dashboard[0].percent > 0, "progress kept");
        let enrolled = storage::enrolments::enrolment(&db, &fresh, COURSE).await.unwrap().expect("the new learner is enrolled");
        assert_eq!(enrolled.due_at, Some(due));
        assert!(storage::enrolments::enrolment(&db, &trainer, COURSE).await.unwrap().is_none(), "courses are for learners");

        // Someone who joins later is enrolled as they join.
        assert!(storage::enrolments::enrolment(&db, &later, COURSE).await.unwrap().is_none());
        cohorts::add_members(&state, &scope, &cohort, "later@vpk.lt").await.unwrap();
        let joined = storage::enrolments::enrolment(&db, &later, COURSE).await.unwrap().expect("enrolled on joining");
        assert_eq!((joined.due_at, joined.assigned_by.as_deref()), (Some(due), Some(admin.as_str())));
        let dashboard = learning::pages::dashboard_page(&state, &later, Locale::En).await.unwrap();
        assert_eq!((dashboard[0].slug.as_str(), dashboard[0].due_at), (COURSE, Some(due)));

        // Assigning again moves everyone's due date; the page lists the course once.
        cohorts::assign_course(&state, &scope, &admin, &cohort, COURSE, "").await.unwrap();
        for learner in [&started, &fresh, &later] {
            assert_eq!(storage::enrolments::enrolment(&db, learner, COURSE).await.unwrap().unwrap().due_at, None);
        }
        let page = cohorts::cohort_page(&state, &scope, &cohort, 1, Locale::En).await.unwrap();
        assert_eq!(page.assignments.len(), 1);
        assert_eq!(page.member_count, 4);
    })
    .await;
}
