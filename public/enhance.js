// Smoother answering with JavaScript on: inside a part of the page marked `data-enhance`
// (a module, a scenario, a course page), a form is sent in the background and only the main
// content is replaced, keeping the reader's place instead of reloading and jumping to the top.
// The server answers exactly as it does for the plain form post that browsers without
// JavaScript make (it saves, then redirects to the page to show), so both paths stay the same.
(function () {
  if (!window.fetch || !window.DOMParser || !window.URLSearchParams) return;

  // The page's live region (outside the replaced content, so it persists): emptied first, so
  // that the same message twice in a row is announced twice.
  function announce(text) {
    var region = document.getElementById("announcer");
    if (!region) return;
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text.replace(/\s+/g, " ").trim();
    }, 50);
  }

  function placeOf(form) {
    var holder = form.closest("[id]");
    return holder ? holder.id : null;
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.closest("[data-enhance]")) return;
    if ((form.getAttribute("method") || "get").toLowerCase() !== "post") return;
    event.preventDefault();
    if (form.getAttribute("aria-busy") === "true") return;
    var body = new URLSearchParams(new FormData(form, event.submitter || undefined));
    var place = placeOf(form);
    form.setAttribute("aria-busy", "true");
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok && response.status !== 422) throw new Error("status " + response.status);
        return response.text().then(function (html) { return { html: html, url: response.url }; });
      })
      .then(function (result) {
        var next = new DOMParser().parseFromString(result.html, "text/html");
        var fresh = next.getElementById("main");
        var current = document.getElementById("main");
        if (!fresh || !current) throw new Error("no main content");
        current.replaceWith(fresh);
        document.title = next.title;
        if (result.url && result.url !== window.location.href.split("#")[0]) {
          window.history.pushState({}, "", result.url + (place ? "#" + place : ""));
        }
        var target = (place && document.getElementById(place)) || fresh;
        target.scrollIntoView({ block: "start" });
        // Move focus to the outcome, without scrolling again: the part the server marked as
        // what changed (`data-outcome`), else the form's message, else the updated part.
        var outcome =
          target.querySelector("[data-outcome]") || target.querySelector("[role=status], [role=alert], .notice") || target;
        if (!outcome.hasAttribute("tabindex")) outcome.setAttribute("tabindex", "-1");
        outcome.focus({ preventScroll: true });
        announce(outcome.textContent || "");
      })
      .catch(function (error) {
        // No network (fetch rejects with a TypeError): a course kept on this device queues the
        // answer until the connection returns (offline.js). Anything else, or a course not
        // kept: fall back to the plain post, which always works.
        var offline = error instanceof TypeError && window.TiltasOffline;
        (offline ? window.TiltasOffline.queueForm(form, body) : Promise.resolve(false)).then(function (queued) {
          if (queued) return;
          form.removeAttribute("aria-busy");
          form.submit();
        });
      });
  });
})();
