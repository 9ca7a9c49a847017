// Quick exit: leave at once for a neutral page and replace this page in the history, so the
// back button does not bring anyone back here. Also bound to pressing Esc twice.
(function () {
  var link = document.getElementById("quick-exit");
  if (!link) return;
  var target = link.getAttribute("data-exit-url") || link.href;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.display = "none";
    forgetDevice();
    window.location.replace(target);
  }
  // Everything Tiltas kept on this device (a course kept for offline use, answers waiting to be
  // sent) goes too, without waiting: the service worker finishes the work after this page is
  // gone, and the page starts the same deletions in case there is no worker.
  function forgetDevice() {
    try {
      var worker = navigator.serviceWorker && navigator.serviceWorker.controller;
      if (worker) worker.postMessage({ type: "clear" });
      if (window.caches) {
        caches.keys().then(function (names) { names.forEach(function (name) { caches.delete(name); }); });
      }
      if (window.indexedDB) indexedDB.deleteDatabase("tiltas-offline");
    } catch (ignored) {
      // Leaving matters more than tidying up.
    }
  }
  link.addEventListener("click", leave);
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < 600) leave(event);
    lastEscape = now;
  });
})();
