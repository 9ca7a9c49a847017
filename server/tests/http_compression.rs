//! Compression as browsers get it: pages are compressed with gzip as they are sent, never
//! Brotli (its encoder costs several times more per page: `PAGE_COMPRESSION_QUALITY`), and
//! decode to exactly the page; the built assets are sent from the copies compressed at build
//! time, Brotli included, when those exist, and gzipped as they are sent otherwise.

mod support;

use axum::body::{Body, to_bytes};
use http::{Request, StatusCode, header};
use std::io::Read;
use std::path::PathBuf;
use std::time::Duration;
use support::app;
use tiltas_app::server::testing::{app_state, on_both_backends};
use tiltas_server::http::{SiteAssets, router};
use tower::ServiceExt;

async fn fetch(app: &axum::Router, path: &str, accept_encoding: Option<&str>) -> (StatusCode, Option<String>, Vec<u8>) {
    let mut request = Request::get(path).header(header::ACCEPT, "text/html");
    if let Some(encodings) = accept_encoding {
        request = request.header(header::ACCEPT_ENCODING, encodings);
    }
    let response = app.clone().oneshot(request.body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let encoding = response.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap().to_string());
    let body = to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
    (status, encoding, body)
}

fn gunzipped(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

/// A page without its quoted attribute values: each response carries a fresh anti-forgery token
/// and script nonce.
fn without_values(html: &[u8]) -> Vec<String> {
    let html = String::from_utf8(html.to_vec()).unwrap();
    html.split('"').step_by(2).map(str::to_string).collect()
}

#[tokio::test]
async fn pages_decode_to_the_same_page_in_every_accepted_encoding() {
    on_both_backends(|db| async move {
        let app = app(&db);
        let (status, encoding, plain) = fetch(&app, "/login", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(encoding, None, "a client that accepts no encoding gets the page as it is");
        assert!(String::from_utf8_lossy(&plain).contains("<form"), "the sign-in page");

        let (_, encoding, gzipped) = fetch(&app, "/login", Some("gzip, deflate, br")).await;
        assert_eq!(encoding.as_deref(), Some("gzip"), "browsers that accept Brotli get gzip too");
        assert!(gzipped.len() * 2 < plain.len(), "{} bytes compressed from {}", gzipped.len(), plain.len());
        assert_eq!(without_values(&gunzipped(&gzipped)), without_values(&plain));

        let (_, encoding, body) = fetch(&app, "/login", Some("br")).await;
        assert_eq!(encoding, None, "a client that accepts only Brotli gets the page as it is");
        assert_eq!(without_values(&body), without_values(&plain));
    })
    .await;
}

/// A site root with one built asset, and its Brotli copy when `precompressed`.
fn site_root(precompressed: bool) -> PathBuf {
    let root = std::env::temp_dir().join(format!("tiltas-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/tiltas.js"), "export const bundle = 'the plain file';\n".repeat(50)).unwrap();
    if precompressed {
        std::fs::write(root.join("pkg/tiltas.js.br"), b"the copy compressed at build time").unwrap();
    }
    root
}

#[tokio::test]
async fn built_assets_are_sent_from_their_precompressed_copies() {
    on_both_backends(|db| async move {
        for precompressed in [true, false] {
            let root = site_root(precompressed);
            let app = router(app_state(&db), SiteAssets::new(&root.to_string_lossy()), Duration::from_secs(120));
            let plain = std::fs::read(root.join("pkg/tiltas.js")).unwrap();

            let (status, encoding, body) = fetch(&app, "/pkg/tiltas.js", Some("gzip, br")).await;
            assert_eq!(status, StatusCode::OK);
            if precompressed {
                assert_eq!(encoding.as_deref(), Some("br"));
                assert_eq!(body, b"the copy compressed at build time", "the build's copy, not a fresh compression");
            } else {
                assert_eq!(encoding.as_deref(), Some("gzip"));
                assert_eq!(gunzipped(&body), plain, "compressed as it is sent");
            }

            let (_, encoding, body) = fetch(&app, "/pkg/tiltas.js", None).await;
            assert_eq!(encoding, None);
            assert_eq!(body, plain, "a client that accepts no encoding gets the file itself");
            std::fs::remove_dir_all(root).unwrap();
        }
    })
    .await;
}
