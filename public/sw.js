// Tiltas's service worker (issue 16, offline reading and answering). It is registered only when
// a learner chooses "keep this course on this device" (public/offline.js), which also fills the
// caches it reads:
//   tiltas-course-<slug>  the pages of one kept course (course page, glossary, practice modules)
//                         and their images, as the learner got them online;
//   tiltas-shell          the stylesheet and scripts those pages load, and the offline page.
// Every request still goes to the network first, so online nothing changes. Only when the
// network fails does it answer from the caches, and a page that is not kept gets the offline
// page (in the learner's language) instead of the browser's error. It never caches anything
// itself except to refresh a copy a learner already chose to keep, so no admin, trainer or
// other person's page is ever stored. Signing in or out clears it all (Clear-Site-Data), and the
// quick exit asks it to clear everything and unregister ("clear" message).
"use strict";

var COURSE_PREFIX = "tiltas-course-";
var OFFLINE_PAGE = "/offline";
var QUEUE_DATABASE = "tiltas-offline";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  // The page that asked to keep a course is served by this worker at once.
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  // Posts (answers, sign-out) always go to the network; the page queues answers itself.
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).then(
      function (response) {
        event.waitUntil(refreshKeptCopy(request, response.clone()));
        return response;
      },
      function () {
        return fromDevice(request);
      }
    )
  );
});

// A newer copy of a page or image the learner keeps replaces the old one, so a module read
// offline shows what the learner last saw online (answers they gave, never answers they did not).
function refreshKeptCopy(request, response) {
  if (!response.ok || response.redirected || response.type !== "basic") return Promise.resolve();
  return keptCaches().then(function (names) {
    return names.reduce(function (done, name) {
      return done.then(function () {
        return caches.open(name).then(function (cache) {
          return cache.match(request, { ignoreVary: true }).then(function (kept) {
            return kept ? cache.put(request, response.clone()) : undefined;
          });
        });
      });
    }, Promise.resolve());
  });
}

function keptCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(COURSE_PREFIX) === 0; });
  });
}

function fromDevice(request) {
  return caches.match(request, { ignoreVary: true }).then(function (kept) {
    if (kept) return kept;
    if (request.mode !== "navigate") return Response.error();
    return caches.match(OFFLINE_PAGE, { ignoreVary: true }).then(function (offline) {
      return offline || Response.error();
    });
  });
}

// Deletes every cache and the queue of answers, then unregisters: nothing of Tiltas's stays.
function clearEverything() {
  return caches
    .keys()
    .then(function (names) { return Promise.all(names.map(function (name) { return caches.delete(name); })); })
    .then(function () {
      return new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(QUEUE_DATABASE);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
    })
    .then(function () { return self.registration.unregister(); });
}

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "clear") event.waitUntil(clearEverything());
});
