//! The CSV import of people through the real router, on SQLite and PostgreSQL, as a browser
//! without JavaScript uses it: a file posted to the preview, the confirmation posting the text
//! back, the invitation links shown; and the anti-forgery layer refusing the multipart post from
//! anyone but an administrator before reading it.

mod support;

use axum::body::{Body, Bytes};
use http::{Request, StatusCode, header};
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::storage::{self, Db};
use tiltas_app::server::testing::{ORGANISATION, on_both_backends, person, person_in};

/// The import form as a browser sends it: `csrf` first, then the file (and an empty text box).
fn multipart(csrf: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "tiltas-import-boundary";
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").into_bytes();
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\nContent-Type: text/csv\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"csv_text\"\r\n\r\n\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn preview(browser: &mut Browser, file: &[u8]) -> support::Page {
    let (content_type, body) = multipart(&browser.form_token(), file);
    let request = Request::post("/admin/people/import/preview").header(header::CONTENT_TYPE, content_type);
    browser.send(request, Body::from(body)).await
}

async fn people(db: &Db) -> i64 {
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(db.pool()).await.unwrap();
    count
}

/// The value of the confirmation form's hidden `csv` field, as the browser would post it.
fn hidden_csv(page: &str) -> String {
    let start = page.find("name=\"csv\" value=\"").expect("the confirmation form") + "name=\"csv\" value=\"".len();
    let end = start + page[start..].find('"').unwrap();
    page[start..end].replace("&#10;", "\n").replace("&quot;", "\"").replace("&#x27;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

#[tokio::test]
async fn an_administrator_previews_confirms_and_gets_the_invitation_links_without_javascript() {
    on_both_backends(|db| async move {
        person(&db, "org-admin@vpk.lt", Role::OrganisationAdministrator).await;
        let mut admin = Browser::signed_in(&db, "org-admin@vpk.lt").await;
        let form = admin.get("/admin/people/import").await;
        assert_eq!(form.status, StatusCode::OK);
        assert!(form.body.contains("enctype=\"multipart/form-data\""), "a file form");

        // A file with a bad row: the problem at its line and column, and nothing to confirm.
        let before = people(&db).await;
        let page = preview(&mut admin, "name,email\nOna Petraitė,ona@vpk.lt\nJonas,jonas-at-vpk\n".as_bytes()).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("import-problems") && page.body.contains("<td>3</td><td>email</td>"), "{}", page.body);
        assert!(!page.body.contains("name=\"csv\" value="), "no confirmation while there are problems");
        assert!(page.body.contains("jonas-at-vpk"), "the text is kept for correcting");
        assert_eq!(people(&db).await, before);

        // A good file: the table of what will happen, then the confirmation with the text.
        let file = "name,email,cohort\nOna Petraitė,ona@vpk.lt,Intake 1\n\"Kazlauskas, Jonas\",jonas@vpk.lt,\n";
        let page = preview(&mut admin, file.as_bytes()).await;
        assert!(page.body.contains("Ona Petraitė") && page.body.contains("New person"), "{}", page.body);
        assert_eq!(people(&db).await, before, "the preview stores nothing");
        let carried = hidden_csv(&page.body);
        assert_eq!(carried, file);
        let done = admin.post_form("/admin/people/import/confirm", "/admin/people/import", &[("csv", &carried)]).await;
        assert_eq!(done.status, StatusCode::OK);
        assert!(done.body.contains("Import finished."));
        assert_eq!(done.body.matches("http://tiltas.test/invite/").count(), 2, "one link per new person");
        assert_eq!(people(&db).await, before + 2);
        let jonas = storage::users::find_by_email(&db, "jonas@vpk.lt").await.unwrap().unwrap();
        assert_eq!(jonas.name, "Kazlauskas, Jonas");
        let own = storage::organisations::find_by_name(&db, ORGANISATION).await.unwrap();
        assert_eq!(jonas.organisation_id, own, "an organisation administrator's people are theirs");

        // Posted again (a reload): nothing changes and no new link is given.
        let again = admin.post_form("/admin/people/import/confirm", "/admin/people/import", &[("csv", &carried)]).await;
        assert_eq!(again.status, StatusCode::OK);
        assert!(!again.body.contains("/invite/"));
        assert_eq!(people(&db).await, before + 2);
    })
    .await;
}

#[tokio::test]
async fn the_import_upload_is_refused_before_reading_from_anyone_but_an_administrator() {
    on_both_backends(|db| async move {
        person(&db, "ona@vpk.lt", Role::Learner).await;
        person(&db, "trainer@vpk.lt", Role::Trainer).await;
        person_in(&db, "Kauno AVPK", "admin@kaunas.lt", &[Role::OrganisationAdministrator]).await;
        let file = b"name,email\nOna,someone@vpk.lt\n";
        for email in ["ona@vpk.lt", "trainer@vpk.lt"] {
            let mut browser = Browser::signed_in(&db, email).await;
            assert_eq!(preview(&mut browser, file).await.status, StatusCode::FORBIDDEN, "{email}");
            // A body that fails when read all the way would give 413: refused before reading.
            let (content_type, body) = multipart(&browser.form_token(), file);
            let never_read = futures_util::stream::iter([Ok(Bytes::from(body)), Err(std::io::Error::other("read past the form"))]);
            let request = Request::post("/admin/people/import/preview").header(header::CONTENT_TYPE, content_type);
            assert_eq!(browser.send(request, Body::from_stream(never_read)).await.status, StatusCode::FORBIDDEN, "{email}");
            let confirm = browser.post_form("/admin/people/import/confirm", "/admin/people/import", &[("csv", "name,email\nOna,someone@vpk.lt\n")]).await;
            assert_eq!(confirm.status, StatusCode::FORBIDDEN, "{email}");
        }
        let mut stranger = Browser::new(&db);
        stranger.get("/login").await;
        assert_eq!(preview(&mut stranger, file).await.status, StatusCode::FORBIDDEN);
        assert!(storage::users::find_by_email(&db, "someone@vpk.lt").await.unwrap().is_none());

        // The trainer's course upload is still theirs alone: an administrator is refused there.
        let mut other_admin = Browser::signed_in(&db, "admin@kaunas.lt").await;
        let request = Request::post("/api/upload_course").header(header::CONTENT_TYPE, "multipart/form-data; boundary=x");
        let body = format!("--x\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{}\r\n--x--\r\n", other_admin.form_token());
        assert_eq!(other_admin.send(request, Body::from(body)).await.status, StatusCode::FORBIDDEN);
        // And an organisation administrator's preview is let through.
        assert_eq!(preview(&mut other_admin, file).await.status, StatusCode::OK);
    })
    .await;
}
