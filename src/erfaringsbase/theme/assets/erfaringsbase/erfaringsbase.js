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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", share);
  } else {
    share();
  }
})();
