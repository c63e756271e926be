/* Erfaringsbasen: small enhancements; every page works without them. */
(function () {
  "use strict";

  function today() {
    return new Date().toLocaleDateString("nb-NO", { day: "numeric", month: "long", year: "numeric" });
  }

  function share() {
    document.querySelectorAll("[data-eb-today]").forEach(function (el) {
      el.textContent = today();
    });
    document.querySelectorAll("[data-eb-copy]").forEach(function (button) {
      if (!navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var box = button.closest(".eb-share");
        var citation = box.querySelector(".eb-citation");
        var status = box.querySelector(".eb-copy-status");
        navigator.clipboard.writeText(citation.textContent.trim()).then(function () {
          status.textContent = "Kopiert.";
        }, function () {
          status.textContent = "Kunne ikke kopiere. Merk teksten og kopier den selv.";
        });
      });
    });
  }

  // WCAG 2.1.1: a table wider than the screen scrolls inside its wrapper, and a keyboard
  // user can only scroll what can take focus. Material wraps tables after load, so this
  // runs on Material's document$ (after its own handlers) and again on window load.
  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      var table = wrap.querySelector("table");
      var caption = table && table.querySelector("caption");
      var heading = wrap.previousElementSibling;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", (caption || heading || { textContent: "Tabell" }).textContent.trim() || "Tabell");
    });
  }

  function start() {
    share();
    scrollableTables();
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(scrollableTables);
    window.addEventListener("load", scrollableTables);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
