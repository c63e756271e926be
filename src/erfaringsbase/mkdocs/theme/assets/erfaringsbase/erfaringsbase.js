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
      var table = wrap.querySelector("table");
      if (!wrap.hasAttribute("tabindex")) {
        var caption = table && table.querySelector("caption");
        var heading = wrap.previousElementSibling;
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", (caption || heading || { textContent: "Tabell" }).textContent.trim() || "Tabell");
      }
      if (table) reflowable(table);
    });
    tableHints();
  }

  // WCAG 1.4.10: on a phone a table with a header row is shown as blocks of «header:
  // value» lines (look.css), so each cell gets its column's header as data-label. The
  // roles keep it a table for screen readers: some browsers drop a table's semantics
  // when its display changes.
  function reflowable(table) {
    if (table.hasAttribute("data-eb-reflow")) return;
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!headers.length) return;
    table.setAttribute("data-eb-reflow", "");
    table.setAttribute("role", "table");
    Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (group) {
      group.setAttribute("role", "rowgroup");
    });
    Array.prototype.forEach.call(table.rows, function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.cells, function (cell, i) {
        if (cell.tagName === "TH") {
          cell.setAttribute("role", "columnheader");
        } else {
          cell.setAttribute("role", "cell");
          if (headers[i]) cell.setAttribute("data-label", headers[i]);
        }
      });
    });
  }

  // A table still wider than its box (a desktop's year table, a phone's table without a
  // header row) says so above it; the shadow at its edge shows on which side more is.
  function tableHints() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      var hint = wrap.previousElementSibling;
      if (!hint || !hint.classList.contains("eb-table-hint")) {
        hint = document.createElement("p");
        hint.className = "eb-table-hint";
        hint.textContent = "↔ Tabellen er bredere enn plassen her: rull sidelengs i den for å se alt.";
        wrap.parentNode.insertBefore(hint, wrap);
      }
      hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
    });
  }

  // Which events are upcoming was decided when the site was built; an event that has
  // ended since moves from «Kommende» to the top of «Tidligere» (pages/taxonomy.py).
  function ended(item) {
    var time = item.querySelector("time[data-eb-ends]");
    if (!time) return false;
    var ends = time.getAttribute("data-eb-ends");
    // An all-day event (a date alone) lasts until the end of its day.
    return Date.parse(ends.length === 10 ? ends + "T23:59:59" : ends) < Date.now();
  }

  function pastEvents() {
    var upcoming = document.querySelector("ul.eb-events-upcoming");
    if (!upcoming) return;
    var gone = Array.from(upcoming.children).filter(ended);
    if (!gone.length) return;
    var past = document.querySelector("ul.eb-events-past");
    if (!past) {
      // Nothing was past yet: the list goes under the next heading («Tidligere»).
      var heading = upcoming.nextElementSibling;
      if (!heading || heading.tagName !== "H2") return;
      past = document.createElement("ul");
      past.className = "eb-events-past";
      heading.after(past);
    }
    gone.forEach(function (item) { past.insertBefore(item, past.firstChild); });
    if (!upcoming.children.length) {
      var none = document.createElement("p");
      none.textContent = "Ingen kommende arrangementer er registrert.";
      upcoming.replaceWith(none);
    }
  }

  // A list of upcoming events elsewhere (the front page): what has ended is taken out.
  function upcomingOnly() {
    document.querySelectorAll("ul.eb-events-upcoming-only").forEach(function (list) {
      Array.from(list.children).forEach(function (item) {
        if (ended(item)) item.remove();
      });
      if (!list.children.length) {
        var none = document.createElement("p");
        none.textContent = "Ingen kommende arrangementer er registrert.";
        list.replaceWith(none);
      }
    });
  }

  function start() {
    share();
    pastEvents();
    upcomingOnly();
    scrollableTables();
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(scrollableTables);
    window.addEventListener("load", scrollableTables);
    var resized = null;
    window.addEventListener("resize", function () {
      clearTimeout(resized);
      resized = setTimeout(tableHints, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
