//! The terminology glossary through the real router, on SQLite and PostgreSQL: signed-in people
//! read it in their language with the term in the other language and the variants to avoid,
//! strangers are sent to sign in, and a module links the first use of each term to its entry.

mod support;

use http::StatusCode;
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::learning;
use tiltas_app::server::testing::{app_state, import_fixture_courses, on_both_backends, person};

#[tokio::test]
async fn the_glossary_is_read_in_the_readers_language_and_modules_link_to_it() {
    on_both_backends(|db| async move {
        import_fixture_courses(&db).await;
        let learner = person(&db, "ona@policija.lt", Role::Learner).await;

        let mut stranger = Browser::new(&db);
        let page = stranger.get("/glossary").await;
        assert_eq!((page.status, page.location.as_deref()), (StatusCode::FOUND, Some("/login")));
        assert_eq!(stranger.call_function("/api/glossary", "").await.status(), StatusCode::UNAUTHORIZED);

        let mut reader = Browser::signed_in(&db, "ona@policija.lt").await;
        let english = reader.get("/glossary").await;
        assert_eq!(english.status, StatusCode::OK);
        assert!(english.body.contains(r#"<dt id="term-trafficking">trafficking in human beings</dt>"#), "{}", english.body);
        assert!(english.body.contains("Lietuvių: prekyba žmonėmis"), "the other language's term is shown");
        assert!(english.body.contains("Directive 2011/36/EU, Article 2"), "the source is shown");

        let mut lithuanian = Browser::signed_in(&db, "ona@policija.lt").await;
        lithuanian.language = Some("lt");
        let page = lithuanian.get("/glossary").await;
        assert!(page.body.contains(r#"<dt id="term-harbouring">slėpimas</dt>"#), "{}", page.body);
        assert!(page.body.contains("laikymas ar priėm"), "translators see the variant to avoid");

        learning::enrol(&app_state(&db), &learner, "spotting-exploitation").await.unwrap();
        let module = reader.get("/courses/spotting-exploitation/modules/what-exploitation-is?note=read").await;
        assert_eq!(module.status, StatusCode::OK);
        assert!(module.body.contains(r#"<a href="/glossary">Glossary of terms</a>"#), "{}", module.body);
        let first_use = r#"<a class="glossary-term" href="/glossary#term-trafficking">Trafficking</a> has three elements"#;
        assert!(module.body.contains(first_use), "{}", module.body);
        assert_eq!(module.body.matches("#term-trafficking").count(), 1, "only the first use is linked");
        let in_lithuanian = lithuanian.get("/courses/spotting-exploitation/modules/what-exploitation-is?note=read").await;
        assert!(in_lithuanian.body.contains(r#"href="/glossary#term-trafficking">Prekyba</a> žmonėmis"#), "{}", in_lithuanian.body);
    })
    .await;
}
