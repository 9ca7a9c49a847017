//! A report export of 100,000 lines, streamed through the real router on SQLite and PostgreSQL,
//! holds one batch in memory, not the file: a counting global allocator records the peak heap
//! growth while the export runs, and the test reads the response as it arrives, counting its
//! bytes without keeping them. This is the only test in this binary, so the allocator counts
//! nothing else.

mod support;

use axum::body::Body;
use http::{Request, header};
use http_body_util::BodyExt;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use support::Browser;
use tiltas_app::domain::roles::Role;
use tiltas_app::server::storage::Db;
use tiltas_app::server::testing::{ORGANISATION, import_fixture_courses, organisation_named, on_both_backends, person};
use tower::ServiceExt;

/// Counts the bytes allocated now and the most ever allocated at once.
struct CountingAllocator;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::Relaxed) + by;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            grew(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        unsafe { System.dealloc(pointer, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        moved
    }
}

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

const PEOPLE: usize = 25_000;
/// Four fixture courses each: 100,000 enrolments.
const LINES: usize = PEOPLE * 4;

/// 25,000 learners in a few multi-row INSERTs, then every one enrolled in every fixture course
/// with one INSERT … SELECT.
async fn generate(db: &Db) {
    import_fixture_courses(db).await;
    let organisation = organisation_named(db, ORGANISATION).await;
    for chunk in 0..PEOPLE / 1000 {
        let values: Vec<String> = (0..1000)
            .map(|i| {
                let n = chunk * 1000 + i;
                format!("('gen-{n:05}', 'gen-{n:05}@tiltas.test', 'Žygimantas Šimkūnas {n:05}', '{organisation}', 0)")
            })
            .collect();
        let sql = format!("INSERT INTO users (id, email, name, organisation_id, created_at) VALUES {}", values.join(", "));
        sqlx::query(&sql).execute(db.pool()).await.expect("insert learners");
    }
    sqlx::query(
        "INSERT INTO enrolments (id, user_id, course_slug, version_id, enrolled_at, organisation_id) \
         SELECT u.id || '-' || v.course_slug, u.id, v.course_slug, v.id, 0, u.organisation_id FROM users u CROSS JOIN course_versions v \
         WHERE u.id LIKE 'gen-%'",
    )
    .execute(db.pool())
    .await
    .expect("enrol every learner in every course");
    // A live database has statistics (PostgreSQL's autovacuum gathers them after a bulk insert);
    // without them the planner sorts the whole table for every batch.
    sqlx::query("ANALYZE").execute(db.pool()).await.expect("gather statistics");
}

#[tokio::test]
async fn an_export_of_100000_lines_streams_with_memory_far_below_the_files_size() {
    on_both_backends(|db| async move {
        generate(&db).await;
        person(&db, "admin@tiltas.test", Role::Administrator).await;
        let admin = Browser::signed_in(&db, "admin@tiltas.test").await;
        let request = Request::get("/admin/reports/people.csv?status=enrolled")
            .header(header::COOKIE, admin.cookie_header())
            .body(Body::empty())
            .unwrap();

        let started = std::time::Instant::now();
        let baseline = CURRENT.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let response = admin.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), 200);
        let mut body = response.into_body();
        let (mut bytes, mut lines) = (0usize, 0usize);
        while let Some(frame) = body.frame().await {
            if let Ok(data) = frame.expect("a chunk of the export").into_data() {
                bytes += data.len();
                lines += data.iter().filter(|b| **b == b'\n').count();
            }
        }
        let peak_growth = PEAK.load(Ordering::Relaxed).saturating_sub(baseline);
        eprintln!("export: {lines} lines, {bytes} bytes in {:?}; peak heap growth {peak_growth} bytes", started.elapsed());
        assert_eq!(lines, LINES + 1, "the header and every enrolment");
        assert!(bytes > 9_000_000, "the file is large: {bytes} bytes");
        assert!(peak_growth < bytes / 5, "peak heap growth {peak_growth} bytes for a file of {bytes} bytes");
    })
    .await;
}
