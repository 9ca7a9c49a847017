// Quick exit: leave at once for a neutral page and replace this page in the history, so the
// back button does not bring anyone back here. Also bound to pressing Esc twice.
(function () {
  var link = document.getElementById("quick-exit");
  if (!link) return;
  var target = link.getAttribute("data-exit-url") || link.href;
  function leave(event) {
    if (event) event.preventDefault();
    document.body.style.display = "none";
    window.location.replace(target);
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
