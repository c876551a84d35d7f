// Type-to-filter for long lists of checkboxes (countries on the search page and in the
// submission form). Without JavaScript the whole list is there, folded or scrolled.
(function () {
  "use strict";

  function plain(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function enhance(box) {
    if (box.querySelector(".list-filter")) return;
    var id = (box.id || "list") + "-filter";
    var holder = document.createElement("p");
    holder.className = "list-filter";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = box.getAttribute("data-filter");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    // Not a form field: typing must not submit or reload the search.
    input.setAttribute("form", "no-such-form");
    holder.appendChild(label);
    holder.appendChild(input);
    var list = box.querySelector("ul, div[id]");
    if (list) list.before(holder);
    else box.append(holder);
    var items = [];
    box.querySelectorAll("input[type=checkbox]").forEach(function (checkbox) {
      var item = checkbox.closest("li") || checkbox.closest("label").parentNode;
      items.push([item, plain(item.textContent)]);
    });
    input.addEventListener("input", function () {
      var words = plain(input.value.trim());
      items.forEach(function (pair) {
        pair[0].hidden = words !== "" && pair[1].indexOf(words) === -1;
      });
      box.querySelectorAll("details.more-options").forEach(function (more) {
        if (words !== "") more.open = true;
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  function enhanceAll(root) {
    (root || document).querySelectorAll("[data-filter]").forEach(enhance);
  }

  window.opsiFilterLists = enhanceAll;
  enhanceAll(document);
})();
