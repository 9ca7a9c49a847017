//! The administrators' reports through the real router, on SQLite and PostgreSQL, over the
//! handcrafted data set of `admin_reports::fixture`: the report page with its charts, the
//! drill-down and a person's page, the CSV exports (byte-order mark, Lithuanian letters and
//! headers, formulas neutralised, an audit event), and an organisation administrator limited
//! to their own organisation in all of them.

mod support;

use axum::body::Body;
use http::{Request, header};
use support::{Browser, body_bytes};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::admin_reports::fixture::{COURSE, FORMULA_NAME, OTHER_ORGANISATION, ReportFixture, report_fixture};
use tiltas_app::server::storage::Db;
use tiltas_app::server::testing::{on_both_backends, person, person_in};
use tower::ServiceExt;

const ADMIN: &str = "admin@tiltas.test";
const KAUNAS_ADMIN: &str = "kaunas-admin@tiltas.test";

async fn set_up(db: &Db) -> ReportFixture {
    let fixture = report_fixture(db).await;
    person(db, ADMIN, Role::Administrator).await;
    person_in(db, OTHER_ORGANISATION, KAUNAS_ADMIN, &[Role::OrganisationAdministrator]).await;
    fixture
}

/// A download as the browser's `<a download>` fetches it, in `language`: status, headers, bytes.
async fn download(browser: &Browser, path: &str, language: &str) -> (u16, http::HeaderMap, Vec<u8>) {
    let request = Request::get(path)
        .header(header::COOKIE, browser.cookie_header())
        .header(header::ACCEPT_LANGUAGE, language)
        .body(Body::empty())
        .unwrap();
    let response = browser.app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, body_bytes(response).await)
}

#[tokio::test]
async fn the_report_page_shows_the_figures_linked_to_their_people_and_accessible_charts() {
    on_both_backends(|db| async move {
        set_up(&db).await;
        let mut admin = Browser::signed_in(&db, ADMIN).await;
        let page = admin.get("/admin/reports?group=course&days=30").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Spotting exploitation"), "{}", page.body);
        assert!(page.body.contains(&format!("/admin/reports/people?course={COURSE}&amp;group=course&amp;days=30&amp;status=overdue")));
        assert!(page.body.contains("href=\"/admin/reports.csv?group=course&amp;days=30\""));
        assert_eq!(page.body.matches("role=\"img\"").count(), 2, "two charts");
        assert!(page.body.contains("<title id=\"completions-chart-title\">") && page.body.contains("<desc id=\"scores-chart-desc\">"));
        assert!(page.body.contains("<details>"), "the figures as a table");
        assert!(page.body.contains("Certificates expiring within 30 days"));

        let page = admin.get("/admin/reports?days=0").await;
        assert_eq!(page.status, 200, "the report with the default window");
        assert!(page.body.contains("Enter a whole number of days from 1 to 3650."));
        assert!(page.body.contains("value=\"0\""), "what was typed stays");

        let people = admin.get(&format!("/admin/reports/people?course={COURSE}&status=overdue")).await;
        assert_eq!(people.status, 200);
        assert!(people.body.contains("Ona Žemaitė") && people.body.contains("Petras Kaunietis"));
        assert!(!people.body.contains("Jonas Jonaitis"), "completed late is not overdue");
    })
    .await;
}

#[tokio::test]
async fn an_organisation_administrator_sees_only_their_organisation_in_the_page_the_drill_down_and_the_exports() {
    on_both_backends(|db| async move {
        let fixture = set_up(&db).await;
        let mut kaunas = Browser::signed_in(&db, KAUNAS_ADMIN).await;
        let asking_for_vilnius = format!("organisation={}&group=organisation", fixture.organisation);
        let page = kaunas.get(&format!("/admin/reports?{asking_for_vilnius}")).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Kauno AVPK"));
        assert!(!page.body.contains("Vilniaus AVPK"), "no other organisation, not even in the filter");

        let people = kaunas.get(&format!("/admin/reports/people?{asking_for_vilnius}&status=enrolled")).await;
        assert!(people.body.contains("Petras Kaunietis"));
        for outsider in ["Ona Žemaitė", "Jonas Jonaitis", "HYPERLINK"] {
            assert!(!people.body.contains(outsider), "{outsider} listed");
        }
        assert_eq!(kaunas.get(&format!("/admin/reports/people/{}", fixture.not_started)).await.status, 404);
        assert_eq!(kaunas.get(&format!("/admin/reports/people/{}", fixture.other_learner)).await.status, 200);

        let (status, _, csv) = download(&kaunas, &format!("/admin/reports/people.csv?{asking_for_vilnius}&status=enrolled"), "en").await;
        assert_eq!(status, 200);
        let csv = String::from_utf8(csv).unwrap();
        assert_eq!(csv.lines().count(), 2, "the header and Petras: {csv}");
        assert!(csv.contains("Petras Kaunietis"));
        let (_, _, table) = download(&kaunas, &format!("/admin/reports.csv?{asking_for_vilnius}"), "en").await;
        let table = String::from_utf8(table).unwrap();
        assert!(table.contains("Kauno AVPK") && !table.contains("Vilniaus AVPK"), "{table}");
    })
    .await;
}

#[tokio::test]
async fn the_exports_are_utf8_with_a_byte_order_mark_translated_headers_and_neutralised_formulas() {
    on_both_backends(|db| async move {
        set_up(&db).await;
        let admin = Browser::signed_in(&db, ADMIN).await;
        let (status, headers, bytes) = download(&admin, "/admin/reports/people.csv?status=enrolled", "lt").await;
        assert_eq!(status, 200);
        assert_eq!(headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        let disposition = headers[header::CONTENT_DISPOSITION].to_str().unwrap();
        let today = tiltas_app::domain::calendar::date_text(tiltas_app::server::storage::now());
        assert_eq!(disposition, format!("attachment; filename=\"tiltas-people-enrolled-{today}.csv\""));
        assert_eq!(headers[header::CACHE_CONTROL], "no-store");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the byte-order mark");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let header_line = text.lines().next().unwrap();
        assert!(header_line.starts_with("Vardas ir pavardė,El. pašto adresas,Organizacija,Kursas,Būsena,Terminas"), "{header_line}");
        assert!(text.contains("Ona Žemaitė"));
        let neutralised = format!("\"'{}\"", FORMULA_NAME.replace('"', "\"\""));
        assert!(text.contains(&neutralised), "the formula is neutralised: {text}");
        assert!(!text.contains(&format!(",{FORMULA_NAME}")) && !text.contains(&format!("\n{FORMULA_NAME}")));
        assert_eq!(text.lines().count(), 1 + 5, "the header and every current enrolment");

        let (status, _, table) = download(&admin, "/admin/reports.csv?group=course&days=30", "lt").await;
        assert_eq!(status, 200);
        let table = String::from_utf8(table[3..].to_vec()).unwrap();
        let mut lines = table.lines();
        assert_eq!(
            lines.next().unwrap(),
            "Kursas,Įrašyta,Nepradėta,Pradėta,Baigta,Pradelsta,Galiojantys pažymėjimai,\"Pažymėjimai, kurių galiojimas baigiasi per 30 d.\",Nebegaliojantys pažymėjimai"
        );
        assert!(table.contains("Kaip pastebėti išnaudojimą,4,2,1,1,2,2,1,1"), "{table}");
        assert!(table.contains("Iš viso,5,3,1,1,2,2,1,1"), "{table}");

        // Both exports are in the audit log, with their filters.
        let details: Vec<(String,)> = sqlx::query_as("SELECT detail FROM audit_events WHERE action = 'report_exported' ORDER BY occurred_at, detail")
            .fetch_all(db.pool())
            .await
            .unwrap();
        let details: Vec<String> = details.into_iter().map(|(d,)| d).collect();
        assert_eq!(details.len(), 2, "{details:?}");
        assert!(details.iter().any(|d| d == "people: group=course&days=30&status=enrolled"), "{details:?}");
        assert!(details.iter().any(|d| d == "completion: group=course&days=30"), "{details:?}");
    })
    .await;
}

#[tokio::test]
async fn an_export_with_a_bad_window_or_figure_is_refused_and_others_may_not_export() {
    on_both_backends(|db| async move {
        set_up(&db).await;
        let admin = Browser::signed_in(&db, ADMIN).await;
        let (status, _, body) = download(&admin, "/admin/reports.csv?days=many", "en").await;
        assert_eq!(status, 422);
        assert_eq!(String::from_utf8(body).unwrap(), "Enter a whole number of days from 1 to 3650.");
        let (status, _, _) = download(&admin, "/admin/reports/people.csv?status=everyone", "en").await;
        assert_eq!(status, 422);
        person(&db, "learner@tiltas.test", Role::Learner).await;
        let learner = Browser::signed_in(&db, "learner@tiltas.test").await;
        assert_eq!(download(&learner, "/admin/reports.csv", "en").await.0, 403);
        let count: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_events WHERE action = 'report_exported'").fetch_one(db.pool()).await.unwrap();
        assert_eq!(count.0, 0, "nothing was exported");
    })
    .await;
}
