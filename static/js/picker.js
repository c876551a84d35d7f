// Progressive enhancement of the case picker (templates/moderation/picker.html): as the
// moderator types, the results alone (the "results" template partial, asked for with
// X-Partial: picker) replace the list, a moment after the last key, and the address
// follows so that a reload shows the same list. Without JavaScript the form submits.
// The status line (role="status") reads out how many cases were found. Down arrow from
// the search box goes to the first result's button; up and down move between them;
// Escape clears the search. The "Add" and "Link" buttons post the page's form as before.
(function () {
  "use strict";
  var picker = document.querySelector("[data-picker]");
  if (!picker || !window.fetch || !window.URLSearchParams) return;
  var form = picker.querySelector("form");
  var input = picker.querySelector('input[name="pick"]');
  var status = document.getElementById("picker-status");
  var timer = null;
  var pending = null;
  var last = input.value.trim();
  var WAIT = 250;

  function address(text) {
    var params = new URLSearchParams(window.location.search);
    if (text) params.set("pick", text);
    else params.delete("pick");
    var query = params.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function results() {
    return document.getElementById("picker-results");
  }

  function search(text) {
    if (pending) pending.abort();
    pending = window.AbortController ? new AbortController() : null;
    var url = address(text);
    var current = results();
    current.setAttribute("aria-busy", "true");
    fetch(url, {
      headers: { "X-Partial": "picker" },
      credentials: "same-origin",
      signal: pending ? pending.signal : undefined,
    })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("#picker-results");
        if (!fresh) throw new Error("no results block");
        results().replaceWith(fresh);
        if (window.history.replaceState) window.history.replaceState(null, "", url + "#picker");
        var count = fresh.querySelector(".picker-count");
        // Emptied first, so that the same count said twice is read out again.
        status.textContent = "";
        window.setTimeout(function () {
          status.textContent = count ? count.textContent.trim() : "";
        }, 50);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") return;
        results().removeAttribute("aria-busy");
        form.submit(); // the page without the script
      });
  }

  function buttons() {
    return Array.prototype.slice.call(results().querySelectorAll("button[name='case']"));
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var text = input.value.trim();
      if (text === last) return;
      last = text;
      search(text);
    }, WAIT);
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    last = input.value.trim();
    search(last);
  });

  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") {
      var first = buttons()[0];
      if (first) {
        event.preventDefault();
        first.focus();
      }
    } else if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      input.dispatchEvent(new Event("input"));
    }
  });

  picker.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var list = buttons();
    var at = list.indexOf(document.activeElement);
    if (at < 0) return;
    event.preventDefault();
    if (event.key === "ArrowDown") {
      if (at + 1 < list.length) list[at + 1].focus();
    } else if (at === 0) input.focus();
    else list[at - 1].focus();
  });
})();
