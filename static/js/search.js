// Progressive enhancement of the search page: a changed filter fetches only the
// results block (the "search" template partial) and the URL follows, so links
// stay shareable and the back button works. Without JavaScript the form submits.
// While results load, a status line says so (and aria-busy is set); once they are in,
// it gives their count and a link to them when they are out of view. Paging moves focus
// and view to the top of the results.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form) return;
  var narrow = window.matchMedia("(max-width: 50rem)");
  var status = document.getElementById("search-status");
  var hideTimer = null;

  // The filters panel: folded on a phone (results first), always shown on a desktop.
  var panelOpen = false;
  function setUpPanel() {
    var panel = document.getElementById("filters-panel");
    if (!panel) return;
    panel.open = !narrow.matches || panelOpen || panel.hasAttribute("data-keep-open");
    panel.addEventListener("toggle", function () {
      if (narrow.matches) panelOpen = panel.open;
    });
  }
  setUpPanel();
  narrow.addEventListener("change", setUpPanel);

  if (!window.fetch || !window.history.pushState) return;

  function urlFromForm() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function inView(element) {
    var box = element.getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  }

  function say(text, link) {
    if (!status) return;
    window.clearTimeout(hideTimer);
    status.textContent = text;
    if (link) {
      var go = document.createElement("a");
      go.href = "#results-heading";
      go.textContent = status.getAttribute("data-show");
      go.addEventListener("click", function (event) {
        event.preventDefault();
        toResults();
        status.hidden = true;
      });
      status.appendChild(document.createTextNode(" "));
      status.appendChild(go);
    }
    status.hidden = false;
  }

  function toResults() {
    var heading = document.getElementById("results-heading");
    if (!heading) return;
    heading.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  }

  function load(url, push, paging) {
    var current = document.getElementById("search-results");
    var focusedId = document.activeElement && document.activeElement.id;
    var openDetails = [];
    current.querySelectorAll("details[id], fieldset[id] details.more-options").forEach(function (d) {
      if (d.open) openDetails.push(d.id || d.parentNode.id);
    });
    current.setAttribute("aria-busy", "true");
    current.classList.add("is-updating");
    say(status ? status.getAttribute("data-updating") : "");
    return fetch(url, { headers: { "X-Partial": "results" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#search-results");
        if (!fresh) throw new Error("no results block");
        openDetails.forEach(function (id) {
          var again = fresh.querySelector("#" + CSS.escape(id));
          if (!again) return;
          if (again.tagName === "DETAILS") again.open = true;
          else {
            var more = again.querySelector("details.more-options");
            if (more) more.open = true;
          }
        });
        current.replaceWith(fresh);
        setUpPanel();
        if (window.opsiFilterLists) window.opsiFilterLists(fresh);
        if (push) window.history.pushState({ search: true }, "", url);
        var heading = document.getElementById("results-heading");
        var count = heading ? heading.textContent.trim() : "";
        if (paging) {
          toResults();
          say(count);
        } else {
          var again = focusedId && document.getElementById(focusedId);
          if (again) again.focus();
          say(count, heading && !inView(heading));
        }
        if (status) hideTimer = window.setTimeout(function () { status.hidden = true; }, 6000);
      })
      .catch(function () { window.location.assign(url); });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "q" || !event.target.name) return; // text waits for Enter
    load(urlFromForm(), true, false);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(urlFromForm(), true, false);
  });
  form.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || !link.closest("#search-results")) return;
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) !== "?") return;
    event.preventDefault();
    load(form.getAttribute("action") + href.split("#")[0], true, !!link.closest(".pagination"));
  });
  window.addEventListener("popstate", function () {
    load(window.location.pathname + window.location.search, false, false).then(function () {
      var params = new URLSearchParams(window.location.search);
      document.getElementById("q").value = params.get("q") || "";
    });
  });
})();
