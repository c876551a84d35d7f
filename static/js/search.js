// Progressive enhancement of the search page: a changed filter fetches only the
// results block (the "search" template partial) and the URL follows, so links
// stay shareable and the back button works. Without JavaScript the form submits.
(function () {
  "use strict";
  var form = document.getElementById("search-form");
  if (!form || !window.fetch || !window.history.pushState) return;

  function urlFromForm() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (value !== "") params.append(key, value);
    });
    var query = params.toString();
    return form.getAttribute("action") + (query ? "?" + query : "");
  }

  function load(url, push) {
    var current = document.getElementById("search-results");
    var focusedId = document.activeElement && document.activeElement.id;
    current.setAttribute("aria-busy", "true");
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
        current.replaceWith(fresh);
        if (push) window.history.pushState({ search: true }, "", url);
        var again = focusedId && document.getElementById(focusedId);
        if (again) again.focus();
      })
      .catch(function () { window.location.assign(url); });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name === "q") return; // text waits for Enter or the button
    load(urlFromForm(), true);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load(urlFromForm(), true);
  });
  form.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link || !link.closest("#search-results")) return;
    var href = link.getAttribute("href");
    if (!href || href.charAt(0) !== "?") return;
    event.preventDefault();
    load(form.getAttribute("action") + href, true);
  });
  window.addEventListener("popstate", function () {
    load(window.location.pathname + window.location.search, false).then(function () {
      var params = new URLSearchParams(window.location.search);
      document.getElementById("q").value = params.get("q") || "";
    });
  });
})();
