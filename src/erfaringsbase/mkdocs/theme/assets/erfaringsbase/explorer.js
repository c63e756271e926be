/* Erfaringsbasen: the explorer («Utforsk»).
 *
 * Turns the page's plain list of entries into a faceted explorer: several facets at once
 * (OR within a facet, AND across facets), counts that follow the other filters, free text,
 * sorting, and the whole state in the URL so a filtered view can be shared. Everything is
 * built with DOM methods and textContent: content never becomes markup. Without this
 * script (or if data.json cannot be read), the page's own list of all entries remains.
 */
(function () {
  "use strict";

  var root = document.getElementById("eb-explorer");
  if (!root) return;

  var STEP = 50; // results shown at a time
  var LONG = 10; // a facet with more values than this is collapsed
  var COLLAPSED = 8;
  var SAFE_LINK = /^[a-z0-9\-\/.]+\/$/;

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else if (key === "hidden") node.hidden = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return String(values[key]); });
  }

  function normalise(text) {
    return (text || "").toLocaleLowerCase("nb").normalize("NFC");
  }

  function tokens(text) {
    return normalise(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  var status = el("p", { class: "eb-explorer__status", role: "status", "aria-live": "polite" });
  status.textContent = "…";
  root.appendChild(status);

  fetch(new URL("data.json", window.location.href).toString(), { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    })
    .then(start)
    .catch(function () {
      status.textContent = "Utforskeren kunne ikke lastes. Lista under viser alle oppføringene.";
    });

  function start(data) {
    if (data.format !== 1) throw new Error("format");
    var ui = data.ui;
    var facets = data.facets;
    var items = data.items.map(function (item) {
      // What free text is matched against: title, summary, and the names of its facets.
      var words = [item.t, item.s];
      item.f.forEach(function (positions, f) {
        positions.forEach(function (p) {
          var value = facets[f].values[p];
          words.push(value[1], value[2]);
        });
      });
      return {
        data: item,
        title: tokens(item.t),
        other: tokens(words.join(" ")),
        sets: item.f.map(function (positions) { return new Set(positions); })
      };
    });

    // --- state, kept in the URL ---------------------------------------------------------
    var state = { selected: facets.map(function () { return new Set(); }), q: "", sort: "", shown: STEP };

    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      facets.forEach(function (facet, f) {
        state.selected[f] = new Set();
        (params.get(facet.key) || "").split(",").forEach(function (value) {
          var at = facet.values.findIndex(function (v) { return v[0] === value; });
          if (at >= 0) state.selected[f].add(at);
        });
      });
      // Not "q": Material reads ?q= to open its own search box.
      state.q = params.get("sok") || "";
      state.sort = params.get("sortering") || "";
      state.shown = STEP;
    }

    function writeUrl() {
      var params = new URLSearchParams();
      facets.forEach(function (facet, f) {
        var values = Array.from(state.selected[f]).sort(function (a, b) { return a - b; })
          .map(function (p) { return facet.values[p][0]; });
        if (values.length) params.set(facet.key, values.join(","));
      });
      if (state.q) params.set("sok", state.q);
      if (state.sort) params.set("sortering", state.sort);
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }

    // --- matching and counting ----------------------------------------------------------
    function textScore(item, terms) {
      var score = 0;
      for (var i = 0; i < terms.length; i++) {
        var term = terms[i];
        var inTitle = item.title.some(function (w) { return w.startsWith(term); });
        if (inTitle) { score += 3; continue; }
        if (item.other.some(function (w) { return w.startsWith(term); })) { score += 1; continue; }
        return -1; // every term must match somewhere
      }
      return score;
    }

    function passes(item, except) {
      for (var f = 0; f < facets.length; f++) {
        if (f === except || state.selected[f].size === 0) continue;
        var hit = false;
        state.selected[f].forEach(function (p) { if (item.sets[f].has(p)) hit = true; });
        if (!hit) return false;
      }
      return true;
    }

    function compute() {
      var terms = tokens(state.q);
      var scored = items.map(function (item) {
        return { item: item, score: terms.length ? textScore(item, terms) : 0 };
      }).filter(function (s) { return s.score >= 0; });
      var counts = facets.map(function (facet, f) {
        var tally = new Array(facet.values.length).fill(0);
        scored.forEach(function (s) {
          if (passes(s.item, f)) s.item.data.f[f].forEach(function (p) { tally[p] += 1; });
        });
        return tally;
      });
      var results = scored.filter(function (s) { return passes(s.item, -1); });
      var sort = state.sort || (terms.length ? "relevans" : "dato");
      results.sort(function (a, b) {
        if (sort === "relevans" && b.score !== a.score) return b.score - a.score;
        if (sort === "tittel") return a.item.data.t.localeCompare(b.item.data.t, "nb");
        if (a.item.data.d !== b.item.data.d) return a.item.data.d < b.item.data.d ? 1 : -1;
        return a.item.data.t.localeCompare(b.item.data.t, "nb");
      });
      return { counts: counts, results: results };
    }

    // --- the form (built once, so focus stays where the reader is) ----------------------
    var form = el("form", { class: "eb-explorer__filters", role: "search", "aria-label": ui.filters });
    form.addEventListener("submit", function (event) { event.preventDefault(); });

    // On a phone the results are below a long column of filters: a way straight to them.
    var jump = el("a", { href: "#eb-results", class: "eb-explorer__jump" });
    form.appendChild(jump);
    var text = el("input", { type: "search", id: "eb-q", class: "md-input eb-explorer__text", autocomplete: "off" });
    var sort = el("select", { id: "eb-sort", class: "eb-explorer__sort" }, [
      el("option", { value: "", text: ui.sort_relevance }),
      el("option", { value: "dato", text: ui.sort_date }),
      el("option", { value: "tittel", text: ui.sort_title })
    ]);
    form.appendChild(el("div", { class: "eb-explorer__row" }, [
      el("label", { for: "eb-q", text: ui.text }), text
    ]));
    form.appendChild(el("div", { class: "eb-explorer__row" }, [
      el("label", { for: "eb-sort", text: ui.sort }), sort
    ]));

    var boxes = facets.map(function (facet, f) {
      var list = el("ul", { class: "eb-explorer__values" });
      var entries = facet.values.map(function (value, p) {
        var id = "eb-" + facet.key + "-" + p;
        var box = el("input", { type: "checkbox", id: id, value: value[0] });
        var count = el("span", { class: "eb-explorer__count" });
        var label = el("label", { for: id }, [document.createTextNode(value[1] + " "), count]);
        var li = el("li", {}, [box, label]);
        list.appendChild(li);
        box.addEventListener("change", function () {
          if (box.checked) state.selected[f].add(p); else state.selected[f].delete(p);
          state.shown = STEP;
          update(true);
        });
        return { box: box, count: count, li: li };
      });
      var toggle = null;
      var fieldset = el("fieldset", { class: "eb-explorer__facet" }, [el("legend", { text: facet.label }), list]);
      if (facet.values.length > LONG) {
        toggle = el("button", { type: "button", class: "eb-explorer__toggle", "aria-expanded": "false" });
        toggle.addEventListener("click", function () {
          var open = toggle.getAttribute("aria-expanded") !== "true";
          toggle.setAttribute("aria-expanded", String(open));
          update(false);
        });
        fieldset.appendChild(toggle);
      }
      form.appendChild(fieldset);
      return { entries: entries, toggle: toggle };
    });

    var reset = el("button", { type: "button", class: "md-button eb-explorer__reset", text: ui.reset });
    reset.addEventListener("click", function () {
      state.selected = facets.map(function () { return new Set(); });
      state.q = "";
      state.sort = "";
      state.shown = STEP;
      text.value = "";
      sort.value = "";
      update(true);
      text.focus();
    });
    form.appendChild(reset);

    var heading = el("h2", { id: "eb-results", text: ui.results, tabindex: "-1" });
    // What is chosen, in words: a shared link opens with its filters on, and says which.
    var active = el("p", { class: "eb-explorer__active" });
    var pageTitle = document.title;
    var list = el("ol", { class: "eb-explorer__results", "aria-labelledby": "eb-results" });
    var more = el("button", { type: "button", class: "md-button eb-explorer__more", text: ui.more });
    more.addEventListener("click", function () {
      var first = state.shown;
      state.shown += STEP;
      update(false);
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus(); // continue where the new results begin
    });

    root.textContent = "";
    root.appendChild(form);
    root.appendChild(el("div", { class: "eb-explorer__main" }, [heading, active, status, list, more]));

    // The plain list is what readers without JavaScript get; this reader has the explorer.
    var fallback = document.getElementById("alle-oppforinger");
    while (fallback) {
      fallback.hidden = true;
      fallback = fallback.nextElementSibling;
    }

    var timer = null;
    text.addEventListener("input", function () {
      state.q = text.value.trim();
      state.shown = STEP;
      window.clearTimeout(timer);
      // Wait for a pause in typing, so a screen reader is not told every keystroke.
      timer = window.setTimeout(function () { update(true); }, 250);
    });
    sort.addEventListener("change", function () {
      state.sort = sort.value;
      update(true);
    });
    window.addEventListener("popstate", function () { readUrl(); syncForm(); update(false); });

    function syncForm() {
      text.value = state.q;
      sort.value = state.sort;
      boxes.forEach(function (facet, f) {
        facet.entries.forEach(function (entry, p) { entry.box.checked = state.selected[f].has(p); });
      });
    }

    function renderItem(result) {
      var item = result.item.data;
      var kindIndex = item.f[0][0];
      var kind = facets[0].values[kindIndex] ? facets[0].values[kindIndex][1] : "";
      var link = SAFE_LINK.test(item.u)
        ? el("a", { href: item.u, text: item.t })
        : el("span", { text: item.t });
      var when = item.w || "";
      return el("li", { class: "eb-explorer__result" }, [
        el("p", { class: "eb-explorer__meta", text: [kind, when].filter(Boolean).join(" · ") }),
        el("p", { class: "eb-explorer__title" }, [link]),
        item.s ? el("p", { class: "eb-explorer__summary", text: item.s }) : null
      ]);
    }

    function update(announce) {
      var found = compute();
      boxes.forEach(function (facet, f) {
        var open = facet.toggle && facet.toggle.getAttribute("aria-expanded") === "true";
        // Collapsed, a long facet shows the values with the most entries (NAV, not the
        // first eight of the alphabet), still in the facet's own order.
        var biggest = new Set(found.counts[f].map(function (n, p) { return [n, p]; })
          .filter(function (np) { return np[0] > 0; })
          .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
          .slice(0, COLLAPSED).map(function (np) { return np[1]; }));
        facet.entries.forEach(function (entry, p) {
          var n = found.counts[f][p];
          var selected = state.selected[f].has(p);
          entry.count.textContent = "(" + n + ")";
          var show = n > 0 || selected || !facet.toggle;
          if (show && facet.toggle && !open && !selected && !biggest.has(p)) show = false;
          entry.li.hidden = !show;
          entry.box.disabled = n === 0 && !selected;
        });
        if (facet.toggle) {
          var available = found.counts[f].filter(function (n) { return n > 0; }).length;
          facet.toggle.hidden = available <= COLLAPSED;
          facet.toggle.textContent = open ? ui.show_fewer : ui.show_all + " (" + available + ")";
        }
      });
      list.textContent = "";
      found.results.slice(0, state.shown).forEach(function (result) { list.appendChild(renderItem(result)); });
      more.hidden = found.results.length <= state.shown;
      jump.textContent = fill(ui.jump, { n: found.results.length });
      var total = found.results.length;
      var message = total === 0 ? ui.none
        : total > state.shown ? fill(ui.showing, { shown: state.shown, total: total })
        : total === 1 ? ui.found_one : fill(ui.found, { n: total });
      if (announce || status.textContent !== message) status.textContent = message;
      var chosen = [];
      facets.forEach(function (facet, f) {
        var names = Array.from(state.selected[f]).sort(function (a, b) { return a - b; })
          .map(function (p) { return facet.values[p][1]; });
        if (names.length) chosen.push(facet.label + ": " + names.join(", "));
      });
      if (state.q) chosen.push("«" + state.q + "»");
      active.textContent = chosen.length ? ui.active + ": " + chosen.join("; ") : "";
      active.hidden = !chosen.length;
      document.title = chosen.length ? ui.results + ": " + chosen.join("; ") + " – " + pageTitle : pageTitle;
      writeUrl();
    }

    readUrl();
    syncForm();
    update(false);
  }
})();
