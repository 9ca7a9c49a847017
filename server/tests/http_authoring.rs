//! The course editor through the real router, on SQLite and PostgreSQL: only trainers reach it,
//! and a trainer edits a module, sees the error on its line, fixes it and publishes, all
//! without JavaScript; the published course downloads as a zip, and a course removed from the
//! folder is retired.

mod support;

use axum::body::Body;
use http::{Request, StatusCode, header};
use support::{Browser, body_bytes};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::testing::{fixture_courses, import_fixture_courses, on_both_backends, person};

const COURSE: &str = "spotting-exploitation";

/// A multipart upload as a browser sends the course zip form.
fn multipart_upload(csrf: &str, slug: &str, zip: &[u8]) -> (String, Vec<u8>) {
    let boundary = "tiltas-test-boundary";
    let mut body = Vec::new();
    for (name, value) in [("csrf", csrf), ("slug", slug)] {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes());
    }
    body.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"zip\"; filename=\"c.zip\"\r\nContent-Type: application/zip\r\n\r\n")
            .as_bytes(),
    );
    body.extend_from_slice(zip);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_course_editor_is_for_trainers_only() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        person(&db, "ona@policija.lt", Role::Learner).await;
        let editor_pages = [
            "/author".to_string(),
            format!("/author/courses/{COURSE}"),
            format!("/author/courses/{COURSE}/files/02-indicators.en.md"),
            format!("/author/courses/{COURSE}/download.zip"),
        ];
        let mut anonymous = Browser::new(&db);
        for path in &editor_pages {
            let page = anonymous.get(path).await;
            assert_eq!((page.status, page.location.as_deref()), (StatusCode::FOUND, Some("/login")), "{path}");
        }
        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        for path in &editor_pages {
            let page = learner.get(path).await;
            assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
            assert!(!page.body.contains("::: question"), "no course source leaks to a learner: {path}");
        }
        let page = learner
            .post_form(
                "/api/save_course_file",
                "/author",
                &[("slug", COURSE), ("path", "02-indicators.en.md"), ("text", "changed"), ("then", "publish")],
            )
            .await;
        assert_eq!(page.status, StatusCode::FOUND);
        let drafts = tiltas_app::server::storage::courses::drafts(&db, COURSE).await.unwrap();
        assert!(drafts.is_empty(), "a learner's post changed nothing");

        let zip = tiltas_app::server::authoring::zip_course("x", &[tiltas_course::SourceFile::new("course.toml", "x")]).unwrap();
        let (content_type, body) = multipart_upload(&learner.form_token(), "uploaded", &zip);
        let request = Request::post("/api/upload_course").header(header::CONTENT_TYPE, content_type);
        learner.send(request, Body::from(body)).await;
        assert!(tiltas_app::server::authoring::working_copy(&db, "uploaded").await.unwrap().is_none());
        // Refused before the body is read: a body that fails when read all the way would give 413.
        let (content_type, body) = multipart_upload(&learner.form_token(), "uploaded", &zip);
        let never_read = futures_util::stream::iter([Ok(axum::body::Bytes::from(body)), Err(std::io::Error::other("read past the form"))]);
        let request = Request::post("/api/upload_course").header(header::CONTENT_TYPE, content_type);
        assert_eq!(learner.send(request, Body::from_stream(never_read)).await.status, StatusCode::FORBIDDEN);
    })
    .await;
}

#[tokio::test]
async fn a_trainer_edits_sees_the_error_line_fixes_and_publishes_without_javascript() {
    const MODULE: &str = "01-what-exploitation-is.en.md";
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        person(&db, "rasa@ngo.lt", Role::Trainer).await;
        let mut trainer = Browser::signed_in(&db, "rasa@ngo.lt").await;
        let editor = format!("/author/courses/{COURSE}/files/{MODULE}");
        let editor = editor.as_str();
        let page = trainer.get(editor).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("<leptos-island"), "the live editor is an island");
        assert!(page.body.contains(".wasm"), "the editor page loads the WebAssembly");
        let home = trainer.get("/").await;
        assert!(!home.body.contains(".wasm"), "pages without islands load no WebAssembly");

        let original = {
            let working = tiltas_app::server::authoring::working_copy(&db, COURSE).await.unwrap().unwrap();
            String::from_utf8(working.file(MODULE).unwrap().contents.clone()).unwrap()
        };
        // An unknown front-matter key on line 2.
        let broken = original.replacen("+++\n", "+++\nestimated_mintues = 5\n", 1);
        let fields = |text: &str, then: &str| {
            vec![("slug", COURSE.to_string()), ("path", MODULE.to_string()), ("text", text.to_string()), ("then", then.to_string())]
        };
        let page = trainer.post_owned_form("/api/save_course_file", editor, &fields(&broken, "publish")).await;
        assert_eq!((page.status, page.location.as_deref()), (StatusCode::FOUND, Some(format!("http://tiltas.test{editor}").as_str())));
        let page = trainer.get(editor).await;
        assert!(page.body.contains("Nothing was published."), "the refusal is shown");
        assert!(page.body.contains("data-line=\"2\""), "the unknown key is reported on its line");
        assert!(page.body.contains("estimated_mintues"), "the saved draft is shown, nothing lost");
        assert_eq!(tiltas_app::server::storage::courses::list_versions(&db, COURSE).await.unwrap().len(), 1);

        let fixed = original.replacen("You do not have to prove a crime on the spot.", "You never have to prove a crime on the spot.", 1);
        assert!(fixed != original, "the fixture module no longer has the sentence this test edits");
        trainer.post_owned_form("/api/save_course_file", editor, &fields(&fixed, "publish")).await;
        let page = trainer.get(editor).await;
        assert!(page.body.contains("Published. Learners now get version"), "{}", page.status);
        let latest = tiltas_app::server::storage::courses::latest_version(&db, COURSE).await.unwrap().unwrap();
        assert_eq!((latest.version_number, latest.origin.code()), (2, "editor"));

        let response = trainer.fetch(&format!("/author/courses/{COURSE}/download.zip")).await;
        assert_eq!(response.headers()[header::CONTENT_TYPE], "application/zip");
        let zipped = body_bytes(response).await;
        let files = tiltas_app::server::authoring::unzip_course(&zipped).unwrap();
        let module = files.iter().find(|f| f.path == MODULE).unwrap();
        assert!(String::from_utf8_lossy(&module.contents).contains("You never have to prove"), "the zip holds the published edit");

        // Removing a course from the folder retires it: marked in the editor, gone from the catalogue.
        let mut set = fixture_courses();
        set.courses.retain(|c| c.slug != "legal-duties");
        tiltas_app::server::course_import::import_courses(&db, &set, |_| {}).await.unwrap();
        let list = trainer.get("/author").await;
        assert!(list.body.contains("Retired: removed from the course folder"));
        let catalogue = trainer.get("/courses").await;
        assert!(!catalogue.body.contains("href=\"/courses/legal-duties\""));
        assert!(catalogue.body.contains(&format!("href=\"/courses/{COURSE}\"")));
    })
    .await;
}
