//! Files of a course (images, PDFs) through the real router, on SQLite and PostgreSQL: served
//! to enrolled learners and, from the working copy, to trainers; never to outsiders, never to a
//! learner who has not completed the course's prerequisites, and never a file that no module
//! shows (a Markdown or TOML file in a sub-folder may hold an answer key).

mod support;

use http::{StatusCode, header};
use support::{Browser, body_bytes};
use tiltas_app::domain::roles::Role;
use tiltas_app::server::learning;
use tiltas_app::server::testing::{app_state, complete_course, fixture_courses_dir, import_fixture_courses, on_both_backends, person};

#[tokio::test]
async fn course_images_are_served_to_enrolled_learners_and_to_trainers() {
    use tiltas_app::server::authoring;
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let trainer_id = person(&db, "rasa@ngo.lt", Role::Trainer).await;
        person(&db, "ona@policija.lt", Role::Learner).await;
        person(&db, "jonas@policija.lt", Role::Learner).await;
        authoring::create_course(&db, "with-map", "With a map", &trainer_id).await.unwrap();
        let module = authoring::working_copy(&db, "with-map").await.unwrap().unwrap();
        let text = String::from_utf8(module.file("01-introduction.en.md").unwrap().contents.clone()).unwrap();
        let text = text.replace("Write the module here.", "![A referral map](images/map.png)");
        authoring::save_file(&db, "with-map", "01-introduction.en.md", &text, &trainer_id).await.unwrap();
        let png: &[u8] = b"\x89PNG\r\n\x1a\nnot really";
        let mut files = authoring::working_copy(&db, "with-map").await.unwrap().unwrap().files;
        files.push(tiltas_course::SourceFile::new("images/map.png", png));
        authoring::upload_zip(&db, "with-map", authoring::zip_course("with-map", &files).unwrap(), &trainer_id).await.unwrap();
        authoring::publish(&db, "with-map", &trainer_id).await.unwrap();

        let mut learner = Browser::signed_in(&db, "ona@policija.lt").await;
        learner.post_form("/api/enrol", "/courses", &[("slug", "with-map")]).await;
        let page = learner.get("/courses/with-map/modules/introduction").await;
        assert!(page.body.contains("src=\"images/map.png\""), "the image stays relative to the module page");
        let image = learner.fetch("/courses/with-map/modules/images/map.png").await;
        assert_eq!(image.status(), StatusCode::OK);
        assert_eq!(image.headers()[header::CONTENT_TYPE], "image/png");
        assert!(image.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().starts_with("sandbox"));
        assert_eq!(&body_bytes(image).await[..], png);

        let outsider = Browser::signed_in(&db, "jonas@policija.lt").await;
        assert_eq!(outsider.fetch("/courses/with-map/modules/images/map.png").await.status(), StatusCode::NOT_FOUND);

        let trainer = Browser::signed_in(&db, "rasa@ngo.lt").await;
        let preview = trainer.fetch("/author/courses/with-map/files/images/map.png").await;
        assert_eq!(preview.status(), StatusCode::OK);
        assert_eq!(learner.fetch("/author/courses/with-map/files/images/map.png").await.status(), StatusCode::FORBIDDEN);
    })
    .await;
}

/// The fixture course `legal-duties` needs `spotting-exploitation` first. Its module shows
/// `images/referral-map.png`; its folder also holds `images/unreferenced.png`,
/// `notes/answer-key.md` and `notes/grading.toml`, which no module refers to.
#[tokio::test]
async fn learners_get_only_files_a_module_shows_and_only_past_the_prerequisites() {
    const COURSE: &str = "legal-duties";
    const SHOWN: &str = "images/referral-map.png";
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let state = app_state(&db);
        let admin = person(&db, "admin@tiltas.lt", Role::Administrator).await;
        let early = person(&db, "ona@policija.lt", Role::Learner).await;
        let ready = person(&db, "jonas@policija.lt", Role::Learner).await;
        person(&db, "asta@policija.lt", Role::Learner).await;
        // An assignment ignores prerequisites: enrolled, but the prerequisite is not completed.
        learning::assign(&state, &admin, &early, COURSE, None).await.unwrap();
        complete_course(&state, &ready, "spotting-exploitation").await;
        learning::enrol(&state, &ready, COURSE).await.unwrap();
        let file = |path: &str| format!("/courses/{COURSE}/modules/{path}");

        let early = Browser::signed_in(&db, "ona@policija.lt").await;
        let refused = early.fetch(&file(SHOWN)).await;
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "enrolled, but the prerequisite is not completed");

        let mut ready = Browser::signed_in(&db, "jonas@policija.lt").await;
        let page = ready.get(&format!("/courses/{COURSE}/modules/non-punishment")).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(&format!("src=\"{SHOWN}\"")), "the module shows the image");
        let image = ready.fetch(&file(SHOWN)).await;
        assert_eq!(image.status(), StatusCode::OK);
        assert_eq!(image.headers()[header::CONTENT_TYPE], "image/png");
        let on_disk = std::fs::read(fixture_courses_dir().join(COURSE).join(SHOWN)).unwrap();
        assert_eq!(body_bytes(image).await, on_disk);
        for hidden in ["notes/answer-key.md", "notes/grading.toml", "images/unreferenced.png"] {
            assert_eq!(ready.fetch(&file(hidden)).await.status(), StatusCode::NOT_FOUND, "{hidden} is shown by no module");
        }

        let outsider = Browser::signed_in(&db, "asta@policija.lt").await;
        assert_eq!(outsider.fetch(&file(SHOWN)).await.status(), StatusCode::NOT_FOUND, "not enrolled");
    })
    .await;
}
