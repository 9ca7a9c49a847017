//! The built browser assets. cargo-leptos names the JS, WASM and CSS after their content hash,
//! so they can be cached for a year; the few unhashed files get a short cache.
//!
//! A release build made with `cargo leptos build --release --precompress` (as `scripts/run.sh`
//! does) leaves a Brotli (`.br`) and a gzip (`.gz`) copy beside each file in `pkg`, compressed
//! once at their best level; they are sent to browsers that accept them, so the 1.4 MB
//! WebAssembly bundle is never compressed per request. Without them (a debug build) the
//! compression layer compresses as it sends.

use axum::Router;
use axum::http::{HeaderValue, header};
use leptos::prelude::LeptosOptions;
use std::path::PathBuf;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

#[derive(Clone, Debug)]
pub struct SiteAssets {
    site_root: PathBuf,
    /// cargo-leptos left its `hash.txt` beside the binary: asset names carry content hashes.
    hashed: bool,
}

impl SiteAssets {
    pub fn new(site_root: &str) -> SiteAssets {
        let hashed = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join("hash.txt")))
            .is_some_and(|path| path.exists());
        SiteAssets { site_root: PathBuf::from(site_root), hashed }
    }

    pub fn leptos_options(&self) -> LeptosOptions {
        let hashed = self.hashed;
        LeptosOptions::builder()
            .output_name("tiltas")
            .site_root(self.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .hash_files(hashed)
            .build()
    }

    pub fn router<S: Clone + Send + Sync + 'static>(&self) -> Router<S> {
        let package_cache = if self.hashed { "public, max-age=31536000, immutable" } else { "no-cache" };
        let immutable = SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(package_cache));
        let no_cache = SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        let short = SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=3600"));
        let package = ServeDir::new(self.site_root.join("pkg")).precompressed_br().precompressed_gzip();
        Router::new()
            .nest_service("/pkg", tower::ServiceBuilder::new().layer(immutable).service(package))
            .route_service(
                "/quick-exit.js",
                tower::ServiceBuilder::new().layer(short.clone()).service(ServeFile::new(self.site_root.join("quick-exit.js"))),
            )
            .route_service(
                "/enhance.js",
                tower::ServiceBuilder::new().layer(short.clone()).service(ServeFile::new(self.site_root.join("enhance.js"))),
            )
            .route_service(
                "/offline.js",
                tower::ServiceBuilder::new().layer(short.clone()).service(ServeFile::new(self.site_root.join("offline.js"))),
            )
            // The service worker is checked for updates on every registration; browsers cap its
            // cache at a day anyway, and `no-cache` makes a new version reach devices at once.
            .route_service(
                "/sw.js",
                tower::ServiceBuilder::new().layer(no_cache).service(ServeFile::new(self.site_root.join("sw.js"))),
            )
            .route_service(
                "/favicon.svg",
                tower::ServiceBuilder::new().layer(short).service(ServeFile::new(self.site_root.join("favicon.svg"))),
            )
    }
}
