/* Erfaringsbasen: the site search, on Pagefind's index (pagefind/), with the Norwegian
 * that Pagefind does not know:
 *  - a query word with a known derivational ending is searched as its stem too
 *    («tolking» → «tolk», «involvering» → «involver»);
 *  - a word that finds nothing is split into two of the site's words («kartdata» →
 *    «kart data»), reduced to its stem, or corrected by one letter («gevinstrealisring»),
 *    from the site's word list for its first letter (pagefind/ord/, a few kB); the reader is
 *    told what was searched for instead;
 *  - when all the words together find nothing, the most words that do find something;
 *  - ranking: entries before generated overviews before help pages, and a page whose
 *    title (or other title: nynorsk, short, former, English) is the query first;
 *  - snippets from the page's own words, never from its keywords (after the ⁂ mark).
 * Nothing here reaches another host; nothing a page holds is written as HTML.
 */
(function () {
  "use strict";

  var STRINGS = {
    nb: {
      searching: "Søker …",
      none: "Ingen treff for «{q}».",
      one: "1 treff for «{q}»",
      many: "{n} treff for «{q}»",
      instead: "Ingen treff for «{q}». Viser treff for «{r}».",
      partial: "Ingen sider har alle ordene. Viser treff for «{r}».",
      more: "Vis flere treff",
      filters: "Avgrens treffene",
      all: "Alle",
      type: "Type",
      tema: "Tema",
      virksomhet: "Virksomhet",
      "år": "År",
      failed: "Søket kunne ikke lastes. Prøv igjen, eller bruk Utforsk.",
    },
    nn: {
      searching: "Søkjer …",
      none: "Ingen treff for «{q}».",
      one: "1 treff for «{q}»",
      many: "{n} treff for «{q}»",
      instead: "Ingen treff for «{q}». Viser treff for «{r}».",
      partial: "Ingen sider har alle orda. Viser treff for «{r}».",
      more: "Vis fleire treff",
      filters: "Avgrens treffa",
      all: "Alle",
      type: "Type",
      tema: "Tema",
      virksomhet: "Verksemd",
      "år": "År",
      failed: "Søket kunne ikkje lastast. Prøv igjen, eller bruk Utforsk.",
    },
  };
  var FILTERS = ["type", "tema", "virksomhet", "år"];
  var RANK = { innhold: 1, oversikt: 0.6, hjelp: 0.3 };
  var MARK = "⁂";
  var PAGE = 10;          // results shown at a time
  // Results whose data is read to rank them: each is a request, and a browser on HTTP/1.1
  // makes six at a time (twenty took 0.2 s more than twelve, at 10,000 pages).
  var RANKED = 12;
  var SNIPPET = 26;       // words in a snippet
  var STOP = new Set(("i og på av for med til fra om en et ei den det de som er var har å at " +
    "eller men så seg sin sitt sine hos ved frå eit ein dei vi du jeg eg hva kva hvordan " +
    "korleis hvem kven når kor hvor the of and in to a").split(" "));
  // Derivational endings, longest first: the stem is searched too (Pagefind matches the
  // beginnings of words, so «involver» finds «involvere» and «involverer»).
  var ENDINGS = [["eringer", "er"], ["eringen", "er"], ["ering", "er"], ["ingene", ""],
    ["ingen", ""], ["inger", ""], ["ing", ""], ["elsen", ""], ["elser", ""], ["else", ""]];
  var MIN_STEM = 4;

  function t(key, values) {
    var lang = (document.documentElement.lang || "nb").slice(0, 2) === "nn" ? "nn" : "nb";
    var text = STRINGS[lang][key] || STRINGS.nb[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.split("{" + name + "}").join(values[name]);
    });
    return text;
  }

  function words(text) {
    return (text.toLocaleLowerCase("nb").match(/[\p{L}\p{N}]+/gu) || []);
  }

  function fold(text) {
    return words(text).join(" ");
  }

  function derived(word) {
    for (var i = 0; i < ENDINGS.length; i++) {
      var end = ENDINGS[i];
      if (word.length > end[0].length && word.slice(-end[0].length) === end[0]) {
        var stem = word.slice(0, -end[0].length) + end[1];
        if (stem.length >= MIN_STEM) return stem;
      }
    }
    return null;
  }

  // --- the engine: Pagefind plus the Norwegian above -------------------------------------

  function Engine(root) {
    this.root = root;
    this.pagefind = null;
    this.shards = new Map();  // first letter → the site's words (``shard``)
    this.filters = null;      // Pagefind's filter index, once fetched (``Search.show``)
  }

  Engine.prototype.load = function () {
    var self = this;
    if (!this.pagefind) {
      var base = new URL(this.root, location.href);
      this.pagefind = import(new URL("pagefind/pagefind.js", base).href).then(function (pf) {
        return pf.options({ baseUrl: base.pathname, excerptLength: SNIPPET }).then(function () {
          pf.init();
          // The filters' counts come with a search once Pagefind has their index; it is
          // fetched after the first results, not before (``Search.show``).
          return pf;
        });
      }).catch(function (error) {
        self.pagefind = null;  // the next search tries again (a dropped connection)
        throw error;
      });
    }
    return this.pagefind.then(function (pf) { self.pf = pf; return pf; });
  };

  // The query as searched: its words, and (weighed a little less) the other form of the
  // query: compounds as their parts (``alt``), and the stems of words with derivational
  // endings; with filters. The other form only when the query's own words find fewer than
  // a page of results: each search costs the reader's browser time in proportion to the
  // pages it matches (at 10,000 pages, a common word took Pagefind half a second).
  // Returns {results, filters, total}.
  Engine.prototype.run = function (terms, filters, alt) {
    var pf = this.pf;
    var stems = (alt || terms).map(function (w) { return derived(w) || w; });
    var query = terms.join(" ");
    var other = stems.join(" ");
    return pf.search(query, { filters: filters }).then(function (first) {
      if (other === query || first.results.length >= PAGE) return [first];
      return pf.search(other, { filters: filters }).then(function (second) { return [first, second]; });
    }).then(function (found) {
      var byId = new Map();
      found.forEach(function (search, i) {
        var weight = i === 0 ? 1 : 0.9;
        search.results.forEach(function (r) {
          var seen = byId.get(r.id);
          if (!seen) {
            byId.set(r.id, { result: r, weighted: r.score * weight });
          } else if (seen.weighted < r.score * weight) {
            // The better score, but the words of the query as typed stay the ones the
            // snippet marks: not a part of a split that happens to begin another word.
            seen.weighted = r.score * weight;
          }
        });
      });
      var merged = Array.from(byId.values()).sort(function (a, b) { return b.weighted - a.weighted; });
      var main = found[0].results.length ? found[0] : found[found.length - 1];
      return { results: merged, filters: main.filters, total: main.totalFilters };
    });
  };

  // The site's words that begin with a letter (pagefind/ord/<code point>.json), most
  // frequent first: a Set and the list, fetched once per letter.
  Engine.prototype.shard = function (letter) {
    if (!this.shards.has(letter)) {
      var name = letter.codePointAt(0).toString(16).padStart(4, "0") + ".json";
      var url = new URL("pagefind/ord/" + name, new URL(this.root, location.href));
      this.shards.set(letter, fetch(url.href).then(function (r) {
        return r.ok ? r.json() : [];
      }).catch(function () { return []; }).then(function (list) {
        return { list: list, known: new Set(list) };
      }));
    }
    return this.shards.get(letter);
  };

  function begins(shard, part) {
    if (shard.known.has(part)) return true;
    for (var i = 0; i < shard.list.length; i++) {
      if (shard.list[i].lastIndexOf(part, 0) === 0) return true;
    }
    return false;
  }

  // Does the site have a word that begins as ``word`` (or its stem) does?
  Engine.prototype.knows = function (word) {
    return this.shard(word[0]).then(function (shard) {
      return begins(shard, word) || Boolean(derived(word) && begins(shard, derived(word)));
    });
  };

  // ``word`` as two of the site's words («kartdata» → «kart data», «brukerinvolvering» →
  // «bruker involver»), or three («femstegsmodell» → «fem steg modell»): the longest
  // first part that is a word of the site (or begins one), with or without a linking s or
  // e, and a rest that begins a known word, as it is or as its stem. Null if none.
  Engine.prototype.split = function (word, depth) {
    var self = this;
    depth = depth || 0;
    if (word.length < 6) return Promise.resolve(null);
    var letters = new Set([word[0]]);
    for (var i = 3; i <= word.length - 3; i++) letters.add(word[i]);
    var wanted = Array.from(letters);
    return Promise.all(wanted.map(function (l) { return self.shard(l); })).then(function (shards) {
      var of = new Map();
      wanted.forEach(function (l, i) { of.set(l, shards[i]); });
      var first = of.get(word[0]);
      var cuts = [];
      for (var cut = word.length - 3; cut >= 3; cut--) {
        var left = word.slice(0, cut);
        var right = word.slice(cut);
        var lefts = [left];
        if (/[se]$/.test(left) && left.length > 4) lefts.push(left.slice(0, -1));
        // A short first part must be a word itself («fem»); a longer one may begin one.
        var known = lefts.filter(function (l) {
          return l.length >= 4 ? begins(first, l) : first.known.has(l);
        });
        if (!known.length) continue;
        var second = of.get(right[0]);
        var stem = derived(right);
        if (stem && begins(second, stem)) return known[0] + " " + stem;
        if (right.length >= 4 && begins(second, right)) return known[0] + " " + right;
        cuts.push([known[0], right]);
      }
      // No rest that is a word: the rest may be a compound itself.
      if (depth > 0) return null;
      return cuts.reduce(function (found, pair) {
        return found.then(function (done) {
          return done || self.split(pair[1], depth + 1).then(function (rest) {
            return rest ? pair[0] + " " + rest : null;
          });
        });
      }, Promise.resolve(null));
    });
  };

  // A word of five letters or more that the site does not have: the most frequent of the
  // site's words one letter away from it, or null.
  Engine.prototype.correct = function (word) {
    if (word.length < 5) return Promise.resolve(null);
    return this.shard(word[0]).then(function (shard) {
      for (var i = 0; i < shard.list.length; i++) {
        var candidate = shard.list[i];
        if (candidate.length >= 5 && Math.abs(candidate.length - word.length) <= 1 && oneEdit(word, candidate)) {
          return candidate;
        }
      }
      return null;
    });
  };

  // Do a and b differ by one letter added, removed, changed, or two letters swapped?
  function oneEdit(a, b) {
    if (a === b) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
        (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  // The whole search: returns {results, filters, total, searched, notice}.
  Engine.prototype.search = function (query, filters) {
    var self = this;
    var all = words(query);
    var terms = all.filter(function (w) { return !STOP.has(w); });
    if (!terms.length) terms = all;
    if (!terms.length) return Promise.resolve(null);
    var changed = false;
    return this.load().then(function () {
      return Promise.all(terms.map(function (w) {
        // A word the site does not have is split, reduced to its stem or corrected; a
        // long one it has is also searched as its parts (brukerinvolvering → bruker
        // involver finds «Involver brukerne»).
        return self.knows(w).then(function (known) {
          if (known) {
            return (w.length >= 8 ? self.split(w) : Promise.resolve(null)).then(function (parts) {
              // Only into two real words («sam arbeid» is no reading of «samarbeid»).
              var real = parts && parts.split(" ").every(function (p) { return p.length >= 4; });
              return { word: w, alt: real ? parts : null };
            });
          }
          return Promise.all([self.split(w), self.correct(w)]).then(function (both) {
            var parts = both[0], fixed = both[1];
            if (!parts || !fixed) return parts || fixed;
            // Both readings: a split into whole words is a compound («leverandør dialog»);
            // one that ends in a mere beginning of a word is likelier a typo
            // («kartverkt» is «kartverket», not «kart» + «verkt…»).
            return Promise.all(parts.split(" ").map(function (p) { return self.knows(p); }))
              .then(function (known) { return known.every(Boolean) ? parts : fixed; });
          }).then(function (mended) {
            if (mended) changed = true;
            return { word: mended, alt: null };
          });
        });
      }));
    }).then(function (plan) {
      var kept = plan.filter(function (p) { return p.word; });
      if (kept.length < plan.length) changed = true;  // a word left out
      if (!kept.length) {
        kept = terms.map(function (w) { return { word: w, alt: null }; });
        changed = false;
      }
      var searched = kept.map(function (p) { return p.word; }).join(" ").split(" ");
      var alt = kept.map(function (p) { return p.alt || p.word; }).join(" ").split(" ");
      return self.run(searched, filters, alt).then(function (found) {
        if (found.results.length || searched.length < 2) {
          return Object.assign(found, { searched: searched, notice: changed ? "instead" : null });
        }
        // All the words together find nothing: all but one of them (``fewer``).
        return self.fewer(searched, filters);
      });
    });
  };

  // All words but one, for each word left out: the set with the fewest results that are
  // some, so that the most telling words are kept («tolke tjenester» → «tolke»).
  Engine.prototype.fewer = function (terms, filters) {
    var self = this;
    var subsets = terms.map(function (w, i) { return terms.filter(function (_, j) { return j !== i; }); });
    return Promise.all(subsets.map(function (s) { return self.run(s, filters); })).then(function (found) {
      var best = 0;
      found.forEach(function (f, i) {
        var n = f.results.length;
        var m = found[best].results.length;
        if (n && (!m || n < m)) best = i;
      });
      return Object.assign(found[best], { searched: subsets[best], notice: "partial" });
    });
  };

  // Reads the data of the first results and ranks them: by the rank of the page's kind,
  // a page whose title (or other title) is one of ``queries`` first, then one whose title
  // begins with it.
  Engine.prototype.rank = function (found, queries) {
    var wanted = queries.map(fold);
    var head = found.results.slice(0, RANKED);
    return Promise.all(head.map(function (r) { return r.result.data(); })).then(function (data) {
      var ranked = head.map(function (r, i) {
        var meta = data[i].meta || {};
        var titles = [meta.title || ""].concat((meta.titles || "").split(" | "));
        var exact = titles.some(function (title) { return title && wanted.indexOf(fold(title)) >= 0; });
        // A title that begins with the query names the thing itself («medfinansiering» →
        // «Medfinansieringsordningen for …»), more surely than one that mentions it later.
        var leads = !exact && titles.some(function (title) {
          return title && wanted.some(function (w) { return w && fold(title).indexOf(w) === 0; });
        });
        var score = r.weighted * (RANK[meta.rank] || 1) * (exact ? 100 : leads ? 10 : 1);
        return { data: data[i], score: score };
      });
      ranked.sort(function (a, b) { return b.score - a.score; });
      return ranked.map(function (r) { return r.data; }).concat(found.results.slice(RANKED).map(function (r) {
        return r.result;  // data read when shown
      }));
    });
  };

  // --- the snippet: the page's own words around the densest match -------------------------

  function snippet(data) {
    var all = (data.content || "").split(/[\r\n\s]+/g);
    var end = all.indexOf(MARK);
    if (end < 0) end = all.length;
    var hits = (data.locations || []).filter(function (at) { return at < end; });
    var start = 0;
    if (hits.length) {
      start = Math.max(0, hits[0] - Math.floor(SNIPPET / 3));
    } else {
      // Only keywords matched: the page's first words after its title.
      start = Math.min(words(data.meta && data.meta.title || "").length, end);
    }
    var stop = Math.min(end, start + SNIPPET);
    var marked = new Set(hits);
    var parts = [];
    for (var i = start; i < stop; i++) parts.push({ text: all[i], mark: marked.has(i) });
    return { parts: parts, before: start > 0, after: stop < end };
  }

  // --- the panel ----------------------------------------------------------------------------

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text != null) node.textContent = text;
    return node;
  }

  function Search(box) {
    this.box = box;
    this.input = box.querySelector(".eb-search__input");
    this.form = box.querySelector(".eb-search__form");
    this.panel = box.querySelector(".eb-search__panel");
    this.engine = new Engine(box.getAttribute("data-eb-root") || "./");
    this.filters = {};
    this.query = "";
    this.ticket = 0;
    this.bind();
  }

  Search.prototype.bind = function () {
    var self = this;
    var timer = null;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.filters = {}; self.show(self.input.value); }, 120);
    });
    // Pagefind is fetched when the reader is about to search, not with every page: when
    // the pointer or a finger reaches the box, or it gets focus.
    var warm = function () { self.engine.load().catch(function () {}); };
    this.input.addEventListener("focus", warm);
    this.box.addEventListener("pointerenter", warm);
    this.box.addEventListener("touchstart", warm, { passive: true });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      self.show(self.input.value);
    });
    this.input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = self.panel.querySelector(".eb-search__result a");
        if (first) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Escape") {
        // Close the results, but keep the query (a search box empties itself on Escape):
        // Enter shows the results again.
        event.preventDefault();
        self.close();
      }
    });
    this.panel.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(self.panel.querySelectorAll(".eb-search__result a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") {
        event.preventDefault();
        self.close();
        self.input.focus();
      } else if (at >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
        event.preventDefault();
        var next = at + (event.key === "ArrowDown" ? 1 : -1);
        if (next < 0) self.input.focus(); else if (links[next]) links[next].focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (!self.box.contains(event.target)) self.close();
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing) { event.preventDefault(); self.input.focus(); }
    });
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) {
      this.input.value = asked;
      FILTERS.forEach(function (name) {
        var value = new URLSearchParams(location.search).get(name);
        if (value) self.filters[name] = value;
      });
      this.show(asked);
    }
  };

  Search.prototype.close = function () {
    this.panel.hidden = true;
  };

  Search.prototype.open = function () {
    this.panel.hidden = false;
  };

  // Shows the results for ``query``. With ``countsOnly`` (when the filters' index has
  // arrived) the same search is run again and only the filters are redrawn: the results
  // stay as they are, and so does the reader's focus among them.
  Search.prototype.show = function (query, countsOnly) {
    var self = this;
    var ticket = ++this.ticket;
    this.query = query.trim();
    if (!this.query) { this.close(); return; }
    var active = {};
    Object.keys(this.filters).forEach(function (name) {
      if (self.filters[name]) active[name] = self.filters[name];
    });
    if (!countsOnly) this.status(t("searching"));
    this.open();
    this.engine.search(this.query, active).then(function (found) {
      if (ticket !== self.ticket) return null;
      if (countsOnly) {
        self.refilter(found);
        return null;
      }
      if (!found || !found.results.length) {
        self.render(found, []);
        return null;
      }
      // What the reader typed, and what was searched for instead of it.
      return self.engine.rank(found, [self.query, found.searched.join(" ")]).then(function (ranked) {
        if (ticket !== self.ticket) return;
        return self.render(found, ranked).then(function () {
          if (self.engine.filters) return;
          // Now, with the results on screen, the filters' index, and the same search
          // again for their counts.
          self.engine.filters = self.engine.pf.filters().then(function () {
            if (ticket === self.ticket) self.show(self.query, true);
          });
        });
      });
    }).catch(function (error) {
      if (ticket !== self.ticket) return;
      self.status(t("failed"));
      if (window.console) console.error(error);
    });
  };

  Search.prototype.refilter = function (found) {
    if (!found || !found.results.length) return;
    var old = this.panel.querySelector(".eb-search__filters");
    var list = this.panel.querySelector(".eb-search__results");
    var group = this.facets(found);
    if (old) this.panel.replaceChild(group, old);
    else if (list) this.panel.insertBefore(group, list);
  };

  Search.prototype.status = function (text) {
    var status = this.panel.querySelector(".eb-search__status");
    if (!status) {
      this.panel.textContent = "";
      status = el("p", { class: "eb-search__status", role: "status" });
      this.panel.appendChild(status);
    }
    status.textContent = text;
  };

  Search.prototype.render = function (found, ranked) {
    var self = this;
    var panel = this.panel;
    // The panel is made anew; a reader who chose a filter stays on it.
    var focused = panel.contains(document.activeElement) ? document.activeElement : null;
    var focusedId = focused && focused.id;
    panel.textContent = "";
    var n = ranked.length;
    var status = el("p", { class: "eb-search__status", role: "status" },
      n === 0 ? t("none", { q: this.query }) : n === 1 ? t("one", { q: this.query }) : t("many", { n: n, q: this.query }));
    panel.appendChild(status);
    if (found && found.notice) {
      var notice = el("p", { class: "eb-search__notice" }, t(found.notice, { q: this.query, r: found.searched.join(" ") }));
      panel.appendChild(notice);
    }
    if (found && (n || Object.keys(this.filters).length)) panel.appendChild(this.facets(found));
    var list = el("ol", { class: "eb-search__results" });
    panel.appendChild(list);
    var shown = 0;
    function more() {
      var batch = ranked.slice(shown, shown + PAGE);
      shown += batch.length;
      return Promise.all(batch.map(function (r) { return r.data ? r.data() : r; })).then(function (data) {
        data.forEach(function (d) { list.appendChild(self.item(d)); });
        button.hidden = shown >= ranked.length;
      });
    }
    var button = el("button", { type: "button", class: "eb-search__more" }, t("more"));
    button.hidden = true;
    button.addEventListener("click", function () {
      var before = shown;
      more().then(function () {
        var link = list.children[before] && list.children[before].querySelector("a");
        if (link) link.focus();
      });
    });
    panel.appendChild(button);
    var filter = focusedId && document.getElementById(focusedId);
    if (filter) filter.focus();
    return more();
  };

  Search.prototype.item = function (data) {
    var meta = data.meta || {};
    var li = el("li", { class: "eb-search__result" });
    var link = el("a", { href: data.url });
    var kinds = (data.filters && data.filters.type) || [];
    if (kinds.length) link.appendChild(el("span", { class: "eb-search__kind" }, kinds[0]));
    link.appendChild(el("span", { class: "eb-search__title" }, meta.title || data.url));
    li.appendChild(link);
    var cut = snippet(data);
    if (cut.parts.length) {
      var p = el("p", { class: "eb-search__snippet" });
      if (cut.before) p.appendChild(document.createTextNode("… "));
      cut.parts.forEach(function (part, i) {
        if (i) p.appendChild(document.createTextNode(" "));
        p.appendChild(part.mark ? el("mark", {}, part.text) : document.createTextNode(part.text));
      });
      if (cut.after) p.appendChild(document.createTextNode(" …"));
      li.appendChild(p);
    }
    return li;
  };

  Search.prototype.facets = function (found) {
    var self = this;
    var group = el("div", { class: "eb-search__filters", role: "group", "aria-label": t("filters") });
    FILTERS.forEach(function (name) {
      var counts = (found.filters && found.filters[name]) || {};
      var values = Object.keys(counts).filter(function (v) { return counts[v] > 0 || self.filters[name] === v; });
      if (!values.length && !self.filters[name]) return;
      values.sort(function (a, b) {
        return name === "år" ? b.localeCompare(a) : (counts[b] - counts[a]) || a.localeCompare(b, "nb");
      });
      var id = "eb-search-filter-" + FILTERS.indexOf(name);
      var wrap = el("span", { class: "eb-search__filter" });
      wrap.appendChild(el("label", { for: id }, t(name)));
      var select = el("select", { id: id });
      select.appendChild(el("option", { value: "" }, t("all")));
      values.forEach(function (value) {
        var option = el("option", { value: value }, value + " (" + (counts[value] || 0) + ")");
        if (self.filters[name] === value) option.selected = true;
        select.appendChild(option);
      });
      select.addEventListener("change", function () {
        self.filters[name] = select.value;
        select.focus();  // the reader chose here; the redrawn panel keeps them here
        self.show(self.query);
      });
      wrap.appendChild(select);
      group.appendChild(wrap);
    });
    return group;
  };

  function start() {
    document.querySelectorAll("[data-eb-search]").forEach(function (box) {
      if (!box.ebSearch) box.ebSearch = new Search(box);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
