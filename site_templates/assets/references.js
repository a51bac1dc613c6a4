/* Small enhancements to what Material does; every page works without this file.
   - On a touch screen, tapping a reference marker [3] shows that reference in place (Material's
     footnote tooltip, which opens when the marker has focus) instead of jumping to the list at
     the end of the page. With a mouse or the keyboard the link works as a link.
   - Material's footnote tooltip is a dialog without a name (axe-core: aria-dialog-name): it is
     named after the reference it shows.
   - The table of contents for phones (overrides/partials/contents.html) closes when one of its
     links is followed.
   - On the "page not found" page, the search box is filled in from the address that was not found. */
(function () {
  "use strict";
  var touch = window.matchMedia("(hover: none)");

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var marker = target.closest("a.footnote-ref");
    if (marker && touch.matches) {
      event.preventDefault();
      marker.focus();
      return;
    }
    var entry = target.closest(".fs-toc a");
    if (entry) {
      var contents = entry.closest("details");
      if (contents) contents.open = false;
    }
  });

  function name(node) {
    if (node.nodeType !== 1 || !node.classList.contains("md-tooltip2")) return;
    if (node.getAttribute("role") !== "dialog" || node.hasAttribute("aria-label")) return;
    var source = node.querySelector(".fs-ref__tip");
    node.setAttribute("aria-label", source ? "Reference: " + source.textContent : "Reference");
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(name);
    });
  }).observe(document.body, { childList: true });

  var search = document.getElementById("fs-search-q");
  if (search && !search.value) {
    var words = decodeURIComponent(location.pathname).split("/").filter(Boolean).pop() || "";
    search.value = words.replace(/\.html?$/, "").replace(/[-_]+/g, " ").trim();
  }
})();
