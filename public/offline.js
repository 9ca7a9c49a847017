// Keeping a course on this device and answering without a connection (issue 16). With
// JavaScript only: without it the control stays hidden and every page works online as before.
//
// - The course page's "keep this course on this device" (`[data-offline-keep]`, rendered hidden)
//   registers the service worker (/sw.js) and stores the pages the server listed in
//   `data-pages`, their images, the offline page and this page's stylesheet and scripts, in
//   caches the worker answers from when the network fails (see sw.js for their names).
// - On a kept course's module page, a practice answer or "mark as read" that cannot be sent
//   (enhance.js found no network) is queued in IndexedDB with an id made here (a UUID) and the
//   learner is told it will be checked once back online. The queue is sent when the browser
//   reports the connection back, and on every page load while online; the server counts a
//   repeated id once, so sending again after a lost response is harmless. Graded assessments
//   are never queued: their forms are inside `.assessment`.
// - Signing in or out clears everything (the server's Clear-Site-Data); the quick exit too
//   (quick-exit.js).
(function () {
  if (!("serviceWorker" in navigator) || !window.caches || !window.indexedDB || !window.fetch) return;

  var COURSE_PREFIX = "tiltas-course-";
  var SHELL_CACHE = "tiltas-shell";
  var OFFLINE_PAGE = "/offline";
  var QUEUE_DATABASE = "tiltas-offline";
  var QUEUE = "submissions";
  var QUEUEABLE = ["/api/answer_question", "/api/mark_module_read"];

  // The queue: one IndexedDB store of submissions by id.
  function withQueue(mode, work) {
    return new Promise(function (resolve, reject) {
      var opening = indexedDB.open(QUEUE_DATABASE, 1);
      opening.onupgradeneeded = function () { opening.result.createObjectStore(QUEUE, { keyPath: "id" }); };
      opening.onerror = function () { reject(opening.error); };
      opening.onsuccess = function () {
        var db = opening.result;
        var tx = db.transaction(QUEUE, mode);
        var request = work(tx.objectStore(QUEUE));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      };
    });
  }
  function queued() { return withQueue("readonly", function (store) { return store.getAll(); }); }
  function enqueue(entry) { return withQueue("readwrite", function (store) { return store.put(entry); }); }
  function dequeue(id) { return withQueue("readwrite", function (store) { return store.delete(id); }); }

  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 50);
  }

  // --- Keeping a course ---------------------------------------------------------------------

  // Stores one address's answer, refusing an error or a redirect (a signed-out session lands on
  // the sign-in page, which must not stand in for a module).
  function store(cache, url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) throw new Error("cannot keep " + url);
      return cache.put(url, response.clone()).then(function () { return response; });
    });
  }

  function storePageWithImages(cache, url) {
    return store(cache, url)
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var images = Array.prototype.map.call(page.querySelectorAll("img[src]"), function (img) {
          return new URL(img.getAttribute("src"), new URL(url, location.href)).href;
        });
        return Promise.all(images.filter(function (src) { return new URL(src).origin === location.origin; })
          .map(function (src) { return store(cache, src); }));
      });
  }

  function pageAssets() {
    var nodes = document.querySelectorAll('link[rel="stylesheet"][href], link[rel="icon"][href], script[src]');
    return Array.prototype.map.call(nodes, function (node) { return node.getAttribute("href") || node.getAttribute("src"); });
  }

  function keepCourse(slug, pages) {
    return navigator.serviceWorker
      .register("/sw.js", { scope: "/" })
      .then(function () { return navigator.serviceWorker.ready; })
      .then(function () { return caches.open(SHELL_CACHE); })
      .then(function (shell) {
        return Promise.all(pageAssets().concat([OFFLINE_PAGE]).map(function (url) { return store(shell, url); }));
      })
      .then(function () { return caches.delete(COURSE_PREFIX + slug); })
      .then(function () { return caches.open(COURSE_PREFIX + slug); })
      .then(function (cache) { return Promise.all(pages.map(function (url) { return storePageWithImages(cache, url); })); });
  }

  // Removes one course; with none left and nothing waiting to be sent, everything goes.
  function forgetCourse(slug) {
    return caches.delete(COURSE_PREFIX + slug).then(function () {
      return Promise.all([caches.keys(), queued()]).then(function (found) {
        var courses = found[0].filter(function (name) { return name.indexOf(COURSE_PREFIX) === 0; });
        if (courses.length > 0 || found[1].length > 0) return;
        return caches.delete(SHELL_CACHE)
          .then(function () { return navigator.serviceWorker.getRegistration("/"); })
          .then(function (registration) { return registration && registration.unregister(); });
      });
    });
  }

  function setUpKeepControl(section) {
    var slug = section.getAttribute("data-offline-keep");
    var pages = (section.getAttribute("data-pages") || "").split(" ").filter(Boolean);
    var status = section.querySelector(".offline-status");
    var keepButton = section.querySelector('[data-offline-action="keep"]');
    var forgetButton = section.querySelector('[data-offline-action="forget"]');
    function say(key) {
      status.hidden = false;
      status.textContent = section.getAttribute("data-msg-" + key);
    }
    function showKept(kept) {
      keepButton.hidden = kept;
      forgetButton.hidden = !kept;
    }
    section.hidden = false;
    caches.has(COURSE_PREFIX + slug).then(function (kept) {
      showKept(kept);
      if (kept) say("kept");
    });
    keepButton.addEventListener("click", function () {
      keepButton.disabled = true;
      say("keeping");
      keepCourse(slug, pages).then(
        function () { showKept(true); say("kept"); forgetButton.focus(); },
        function () { caches.delete(COURSE_PREFIX + slug); say("failed"); }
      ).then(function () { keepButton.disabled = false; });
    });
    forgetButton.addEventListener("click", function () {
      forgetCourse(slug).then(function () { showKept(false); say("removed"); keepButton.focus(); });
    });
  }

  // --- Answering without a connection -------------------------------------------------------

  function formPath(form) {
    return new URL(form.action, location.href).pathname;
  }

  // The notice that takes a queued form's place, in the page's language (from the module's
  // data attributes), focused and announced like an answer sent online.
  function showPending(form, kind) {
    var module = form.closest("[data-offline-answer-pending]");
    if (!module) return;
    var notice = document.createElement("p");
    notice.className = "notice offline-pending";
    notice.setAttribute("role", "status");
    notice.setAttribute("data-offline-pending", "true");
    notice.setAttribute("tabindex", "-1");
    notice.textContent = module.getAttribute(kind === "read" ? "data-offline-read-pending" : "data-offline-answer-pending");
    form.replaceWith(notice);
    return notice;
  }

  function kindOf(path) {
    return path === "/api/mark_module_read" ? "read" : "answer";
  }

  // Called by enhance.js when a form could not be sent for want of a network. Resolves to
  // whether it was queued; if not, enhance.js falls back to the plain post as before.
  function queueForm(form, body) {
    var path = formPath(form);
    var slug = body.get("slug");
    if (QUEUEABLE.indexOf(path) < 0 || !slug || form.closest(".assessment")) return Promise.resolve(false);
    return caches.has(COURSE_PREFIX + slug).then(function (kept) {
      if (!kept) return false;
      var id = newId();
      body.set("submission_id", id);
      var entry = {
        id: id,
        url: path,
        body: body.toString(),
        kind: kindOf(path),
        page: location.pathname,
        module: body.get("module_id"),
        question: body.get("question_id"),
        at: Date.now(),
      };
      return enqueue(entry).then(function () {
        var notice = showPending(form, entry.kind);
        if (notice) {
          notice.focus();
          announce(notice.textContent);
        }
        return true;
      });
    }).catch(function () { return false; });
  }

  // A page opened from the device shows its queued answers as waiting, not as unanswered.
  function markQueuedForms(entries) {
    entries.filter(function (entry) { return entry.page === location.pathname; }).forEach(function (entry) {
      var forms = document.querySelectorAll("[data-offline-answer-pending] form");
      Array.prototype.forEach.call(forms, function (form) {
        if (formPath(form) !== entry.url) return;
        var question = form.querySelector('input[name="question_id"]');
        if (entry.kind === "answer" && (!question || question.value !== entry.question)) return;
        showPending(form, entry.kind);
      });
    });
  }

  var sending = false;
  // Sends the queue, oldest first, with this page's form token (the session's, as the queued
  // one was). An answer the server accepted, or refused for good (a question gone, an attempt
  // over), leaves the queue; a network failure or a refused token keeps it for the next time.
  function sendQueue() {
    if (sending || !navigator.onLine) return Promise.resolve(0);
    sending = true;
    var token = document.querySelector('input[name="csrf"]');
    return queued()
      .then(function (entries) {
        entries.sort(function (a, b) { return a.at - b.at; });
        return entries.reduce(function (done, entry) {
          return done.then(function (sent) {
            var body = new URLSearchParams(entry.body);
            if (token) body.set("csrf", token.value);
            return fetch(entry.url, { method: "POST", body: body, credentials: "same-origin", headers: { Accept: "text/html" } })
              .then(function (response) {
                var settled = response.ok || [400, 404, 409, 422].indexOf(response.status) >= 0;
                return settled ? dequeue(entry.id).then(function () { return sent + 1; }) : sent;
              }, function () { return sent; });
          });
        }, Promise.resolve(0));
      })
      .then(function (sent) {
        sending = false;
        return sent;
      }, function () {
        sending = false;
        return 0;
      });
  }

  // What changed on this page is shown from the server once the queue is sent.
  function sendAndRefresh() {
    sendQueue().then(function (sent) {
      if (sent > 0 && document.querySelector("[data-offline-pending]")) window.location.reload();
    });
  }

  window.TiltasOffline = { queueForm: queueForm };

  var section = document.querySelector("[data-offline-keep]");
  if (section) setUpKeepControl(section);
  // A graded assessment of a kept course says it cannot be taken offline.
  Array.prototype.forEach.call(document.querySelectorAll("[data-offline-unavailable]"), function (notice) {
    caches.has(COURSE_PREFIX + notice.getAttribute("data-offline-unavailable")).then(function (kept) {
      notice.hidden = !kept;
    });
  });
  // Only a device where a course was kept has a worker, a queue, anything to do.
  navigator.serviceWorker.getRegistration("/").then(function (registration) {
    if (!registration) return;
    queued().then(function (entries) {
      markQueuedForms(entries);
      if (entries.length > 0) sendAndRefresh();
    });
    window.addEventListener("online", sendAndRefresh);
  });
})();
