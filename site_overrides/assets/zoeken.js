/* Kader in de praktijk: site search with Pagefind's JavaScript API.
   The box in the header (partials/search.html) loads pagefind/pagefind.js from
   this site when the reader starts typing; results appear in a panel under it.
   Keyboard: "/" focuses the box, arrow keys move through the results, Enter
   opens one, Escape closes the panel and returns to the box.
   No inline script or style, so the site's strict CSP applies (Pagefind's
   WebAssembly needs only 'wasm-unsafe-eval'). */
(function () {
  "use strict";

  var root = document.querySelector("[data-kp-zoek]");
  if (!root || !window.fetch || !window.URL) return;

  var PAGE_SIZE = 10;
  var SUBS_PER_PAGE = 3;
  var EXCERPT_WORDS = 24;
  var FEW = 3;  // fewer results than this: suggest what the reader may have meant
  var HIDDEN_START = "\u2042", HIDDEN_END = "\u2051";  // around hidden search words (generator/zoeken.py)
  var FILTERS = [["kader", "Kader"], ["soort", "Soort"], ["gemeente", "Gemeente"], ["jaar", "Jaar"]];

  var input = root.querySelector("input[type=search]");
  var form = root.querySelector("form");
  var panel = document.getElementById("kp-zoek-paneel");
  var live = root.querySelector("[data-kp-zoek-melding]");
  var count = root.querySelector("[data-kp-zoek-aantal]");
  var suggestion = root.querySelector("[data-kp-zoek-suggestie]");
  var list = root.querySelector("[data-kp-zoek-lijst]");
  var more = root.querySelector("[data-kp-zoek-meer]");
  var filterBox = root.querySelector("[data-kp-zoek-filters]");
  // base_url is "." or "../.." on pages, "/" on the 404 page ("//" would be a host-relative URL)
  var base = new URL((root.getAttribute("data-kp-basis") || ".").replace(/\/+$/, "") + "/", window.location.href);

  var engine = null;      // promise of the Pagefind module
  var vocabulary = null;  // promise of the site's words, most frequent first
  var current = null;     // {query, results, shown}
  var sequence = 0;
  var timer = 0;
  var chosen = {};        // filter key -> value

  root.hidden = false;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (module) {
        // pageLength below the default 0.75: long pages (reports, where findings live) are not pushed down as much
        return module.options({ baseUrl: base.pathname, excerptLength: EXCERPT_WORDS, ranking: { pageLength: 0.4 } }).then(function () {
          return module;
        });
      });
    }
    return engine;
  }

  function words() {
    if (!vocabulary) {
      vocabulary = window.fetch(new URL("pagefind/woorden.json", base).href)
        .then(function (response) { return response.ok ? response.json() : []; })
        .catch(function () { return []; });
    }
    return vocabulary;
  }

  function activeFilters() {
    var filters = {};
    Object.keys(chosen).forEach(function (key) { if (chosen[key]) filters[key] = chosen[key]; });
    return filters;
  }

  // ------------------------------------------------------------------ search

  function run(query) {
    var mine = ++sequence;
    suggestion.hidden = true;
    if (!query) {
      close();
      live.textContent = "";
      return Promise.resolve();
    }
    return pagefind().then(function (pf) {
      return Promise.all([pf.search(query, { filters: activeFilters() }), setupFilters(pf)]);
    }).then(function (answer) {
      if (mine !== sequence) return null;
      var search = answer[0] || { results: [] };
      current = { query: query, results: search.results, shown: 0 };
      list.textContent = "";
      return showMore(mine).then(function (pages) {
        if (mine !== sequence) return;
        announce(query, search.results.length);
        open();
        if (search.results.length >= FEW && !strayTerm(query, pages || [])) return;
        return suggest(query, search.results.length, mine);
      });
    }).catch(function (error) {
      if (mine !== sequence) return;
      count.textContent = "Zoeken is op dit moment niet beschikbaar.";
      live.textContent = count.textContent;
      open();
      if (window.console) window.console.error(error);
    });
  }

  function announce(query, n) {
    var text = n === 0 ? "Geen resultaten" : n === 1 ? "1 resultaat" : n + " resultaten";
    text += " voor ‘" + query + "’";
    var filters = Object.keys(activeFilters()).length;
    if (filters) text += filters === 1 ? " (met 1 filter)" : " (met " + filters + " filters)";
    count.textContent = text + ".";
    live.textContent = text + ".";
  }

  function showMore(mine) {
    var slice = current.results.slice(current.shown, current.shown + PAGE_SIZE);
    current.shown += slice.length;
    return Promise.all(slice.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== sequence) return;
      pages.forEach(function (page) { list.appendChild(renderPage(page)); });
      more.hidden = current.shown >= current.results.length;
      return pages;
    });
  }

  // ------------------------------------------------------------------ results

  function renderPage(page) {
    var item = el("li", "kp-zoek__treffer");
    var head = el("p", "kp-zoek__kop");
    var link = el("a", "kp-zoek__titel");
    link.href = page.url;
    link.textContent = clean(page.meta.title) || page.url;
    head.appendChild(link);
    var kind = page.meta.kind || "", context = page.meta.context || "";
    var about = context.indexOf(kind) === 0 ? [context] : [kind, context];
    about = about.filter(Boolean);
    if (about.length) {
      var label = el("span", "kp-zoek__soort");
      label.textContent = about.join(" · ");
      head.appendChild(document.createTextNode(" "));
      head.appendChild(label);
    }
    item.appendChild(head);

    var title = clean(page.meta.title);
    var subs = pickSubResults(page);
    var tops = subs.filter(function (sub) { return sub.url === page.url || clean(sub.title) === title; });
    var top = tops[0] || null;
    subs = subs.filter(function (sub) { return tops.indexOf(sub) < 0; });
    var excerpt = el("p", "kp-zoek__uittreksel");
    fillExcerpt(excerpt, withoutTitle(top ? excerptOf(page, top) : subs.length ? "" : excerptOf(page, null), title));
    if (excerpt.textContent) item.appendChild(excerpt);
    if (subs.length) {
      var sublist = el("ul", "kp-zoek__sub");
      var seen = {};
      subs.forEach(function (sub) {
        var text = excerptOf(page, sub);
        var key = clean(sub.title) + "\u0000" + plain(text);
        if (seen[key]) return;  // the same line twice (e.g. repeated headings)
        seen[key] = true;
        var li = el("li");
        var a = el("a");
        a.href = sub.url;
        a.textContent = clean(sub.title);
        li.appendChild(a);
        var p = el("p", "kp-zoek__uittreksel");
        fillExcerpt(p, text);
        if (p.textContent && p.textContent !== a.textContent) li.appendChild(p);
        sublist.appendChild(li);
      });
      item.appendChild(sublist);
    }
    return item;
  }

  // The excerpt of the page top usually starts with the title, which the result shows already.
  function withoutTitle(html, title) {
    var tokens = String(html).split(" ");
    var n = title ? title.split(/\s+/).length : 0;
    var start = plain(tokens.slice(0, n).join(" "));
    if (n && tokens.length > n && (start === title + "." || start === title)) return tokens.slice(n).join(" ");
    return html;
  }

  // The sections with the strongest hits, in page order; the page top counts as a section.
  function pickSubResults(page) {
    var subs = (page.sub_results || []).map(function (sub, order) {
      var score = (sub.weighted_locations || []).reduce(function (sum, w) { return sum + (w.balanced_score || 0); }, 0);
      return { sub: sub, score: score, order: order };
    });
    subs.sort(function (a, b) { return b.score - a.score; });
    return subs.slice(0, SUBS_PER_PAGE).sort(function (a, b) { return a.order - b.order; })
      .map(function (s) { return s.sub; });
  }

  // Pagefind's excerpt, unless every hit is in the hidden search words (word forms,
  // abbreviations; weight below 1): then the section's own first words.
  function excerptOf(page, sub) {
    var hits = sub ? sub.weighted_locations || [] : page.weighted_locations || [];
    var visible = hits.some(function (w) { return w.weight >= 1; });
    if (visible || !hits.length) return withoutHidden(sub ? sub.excerpt || "" : page.excerpt || "");
    var all = (page.raw_content || page.content || "").split(/[\r\n\s]+/g);
    var start = sub && sub.anchor ? sub.anchor.location + (sub.title || "").split(/\s+/).length : 0;  // after the heading
    var end = start;
    while (end < all.length && end < start + EXCERPT_WORDS && all[end].indexOf(HIDDEN_START) < 0) end++;
    return escapeHtml(all.slice(start, end).join(" "));
  }

  // The hidden search words (between the markers generator/zoeken.py puts around them) out of an excerpt.
  function withoutHidden(html) {
    var text = String(html).split(HIDDEN_START + " ").join(HIDDEN_START).split(" " + HIDDEN_END).join(HIDDEN_END);
    text = text.replace(new RegExp(HIDDEN_START + "[^" + HIDDEN_END + "]*" + HIDDEN_END + "\\.?", "g"), " ");
    var open = text.indexOf(HIDDEN_START);
    if (open >= 0) text = text.slice(0, open);
    var close = text.indexOf(HIDDEN_END);
    if (close >= 0) text = text.slice(close + 1).replace(/^\.?/, "");
    return text.replace(/\s+/g, " ").trim();
  }

  // Excerpts are HTML with <mark> around the hits: keep the marks, take everything else as text.
  function fillExcerpt(target, html) {
    var parts = String(html).replace(/<mark>/g, "\u0001").replace(/<\/mark>/g, "\u0002");
    var text = new DOMParser().parseFromString(parts, "text/html").body.textContent || "";
    text.split(/(\u0001[^\u0002]*\u0002)/).forEach(function (piece) {
      if (!piece) return;
      if (piece.charAt(0) === "\u0001") {
        var mark = el("mark");
        mark.textContent = piece.slice(1, -1);
        target.appendChild(mark);
      } else {
        target.appendChild(document.createTextNode(piece));
      }
    });
    if (!/\S/.test(target.textContent)) target.textContent = "";
  }

  function plain(html) {
    return String(html).replace(/<[^>]*>/g, "");
  }

  function clean(title) {
    return String(title || "").replace(/\s*¶\s*$/, "").trim();
  }

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  function el(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  // ------------------------------------------------------------------ filters

  var filtersReady = null;

  function setupFilters(pf) {
    if (!filtersReady) {
      filtersReady = pf.filters().then(function (available) {
        FILTERS.forEach(function (pair) {
          var key = pair[0];
          var values = Object.keys((available || {})[key] || {});
          if (!values.length) return;
          values.sort(function (a, b) { return key === "jaar" ? b.localeCompare(a) : a.localeCompare(b, "nl"); });
          var id = "kp-zoek-filter-" + key;
          var wrap = el("div", "kp-zoek__filter");
          var label = el("label");
          label.htmlFor = id;
          label.textContent = pair[1];
          var select = el("select");
          select.id = id;
          select.setAttribute("data-kp-zoek-filter", key);
          var any = el("option");
          any.value = "";
          any.textContent = "Alle";
          select.appendChild(any);
          values.forEach(function (value) {
            var option = el("option");
            option.value = value;
            option.textContent = value;
            select.appendChild(option);
          });
          select.addEventListener("change", function () {
            chosen[key] = select.value;
            run(input.value.trim());
          });
          wrap.appendChild(label);
          wrap.appendChild(select);
          filterBox.appendChild(wrap);
        });
        filterBox.hidden = !filterBox.children.length;
      }).catch(function () { filterBox.hidden = true; });
    }
    return filtersReady;
  }

  // ------------------------------------------------------------------ "Bedoelde u …?"

  // A query word that none of the words found resembles: Pagefind matched a shorter word
  // ("veilgheidsplan" finds everything with "veil…"), so the reader probably mistyped.
  function strayTerm(query, pages) {
    var found = [];
    pages.forEach(function (page) {
      var all = (page.raw_content || page.content || "").split(/[\r\n\s]+/g);
      (page.weighted_locations || []).forEach(function (w) { found.push(String(all[w.location] || "").toLowerCase()); });
    });
    return query.toLowerCase().split(/\s+/).some(function (term) {
      if (term.length < 6 || /\d/.test(term)) return false;
      var stem = term.slice(0, term.length - 2);
      return !found.some(function (word) { return word.replace(/^\W+/, "").indexOf(stem) === 0; });
    });
  }

  // "Bedoelde u …?": when a query finds little or has a stray word (see strayTerm).
  function suggest(query, found, mine) {
    suggestion.hidden = true;
    suggestion.textContent = "";
    var unknown = false;
    return words().then(function (vocab) {
      if (mine !== sequence) return null;
      var fixed = corrections(query, vocab);
      unknown = fixed.unknown;
      var alternatives = fixed.queries;
      return pagefind().then(function (pf) {
        return Promise.all(alternatives.map(function (alt) {
          return pf.search(alt, { filters: activeFilters() }).then(function (r) { return { query: alt, n: r ? r.results.length : 0 }; });
        }));
      });
    }).then(function (checked) {
      if (!checked || mine !== sequence) return;
      var useful = checked.filter(function (c) { return unknown ? c.n > 0 : c.n > found; }).slice(0, 3);
      if (!useful.length) return;
      suggestion.appendChild(document.createTextNode("Bedoelde u "));
      useful.forEach(function (c, i) {
        if (i) suggestion.appendChild(document.createTextNode(i === useful.length - 1 ? " of " : ", "));
        var button = el("button", "kp-zoek__bedoeld");
        button.type = "button";
        button.textContent = c.query;
        button.addEventListener("click", function () {
          input.value = c.query;
          input.focus();
          run(c.query);
        });
        suggestion.appendChild(button);
      });
      suggestion.appendChild(document.createTextNode("?"));
      suggestion.hidden = false;
      live.textContent = count.textContent + " " + suggestion.textContent;
    });
  }

  // Queries with each unknown word replaced by a site word at edit distance 1 (short words) or 2.
  function corrections(query, vocab) {
    var terms = query.split(/\s+/).filter(Boolean);
    var lower = vocab.map(function (w) { return w.toLowerCase(); });
    var unknown = false;
    var options = terms.map(function (term) {
      var t = term.toLowerCase();
      if (t.length < 4 || /\d/.test(t) || lower.some(function (w) { return w.indexOf(t) === 0; })) return [term];
      unknown = true;
      var max = t.length <= 5 ? 1 : 2;
      var found = [];
      for (var i = 0; i < lower.length; i++) {
        var w = lower[i];
        if (Math.abs(w.length - t.length) > max) continue;
        var d = distance(t, w, max);
        if (d <= max) found.push({ word: vocab[i], d: d, rank: i });
      }
      found.sort(function (a, b) { return a.d - b.d || a.rank - b.rank; });
      return found.length ? found.slice(0, 3).map(function (f) { return f.word; }) : [term];
    });
    var queries = [];
    var first = options.map(function (o) { return o[0]; }).join(" ");
    if (first.toLowerCase() !== query.toLowerCase()) queries.push(first);
    options.forEach(function (o, index) {
      o.slice(1).forEach(function (alt) {
        var q = options.map(function (p, j) { return j === index ? alt : p[0]; }).join(" ");
        if (queries.indexOf(q) < 0) queries.push(q);
      });
    });
    return { queries: queries.slice(0, 5), unknown: unknown };
  }

  // Optimal string alignment distance (a swap of two letters counts once), stopping beyond max.
  function distance(a, b, max) {
    var prev2 = null, prev = [], row, i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a.charAt(i - 1) === b.charAt(j - 1) ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a.charAt(i - 1) === b.charAt(j - 2) && a.charAt(i - 2) === b.charAt(j - 1)) {
          v = Math.min(v, prev2[j - 2] + 1);
        }
        row[j] = v;
        if (v < best) best = v;
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // ------------------------------------------------------------------ panel and keyboard

  function open() {
    panel.hidden = false;
    root.classList.add("kp-zoek--open");
  }

  function close() {
    panel.hidden = true;
    root.classList.remove("kp-zoek--open");
  }

  function moveFocus(step) {
    var nodes = Array.prototype.slice.call(list.querySelectorAll("a[href]"));
    var at = nodes.indexOf(document.activeElement);
    if (at < 0 && step > 0) { if (nodes.length) nodes[0].focus(); return; }
    var next = at + step;
    if (next < 0) { input.focus(); return; }
    if (next < nodes.length) nodes[next].focus();
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = input.value.trim();
    timer = window.setTimeout(function () { run(query); }, 120);
  });

  input.addEventListener("focus", function () {
    pagefind();  // start loading while the reader types
  });
  input.addEventListener("click", function () {
    if (input.value.trim() && list.children.length) open();
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    var query = input.value.trim();
    var pending = current && current.query === query ? Promise.resolve() : run(query);
    pending.then(function () {
      var first = list.querySelector("a[href]");
      if (first) window.location.href = first.href;
    });
  });

  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      if (!panel.hidden) {
        event.preventDefault();
        close();
        input.focus();
      } else if (document.activeElement === input && input.value) {
        event.preventDefault();
        input.value = "";
        run("");
      }
      return;
    }
    if (panel.hidden) {
      if (event.key === "ArrowDown" && document.activeElement === input && list.children.length && input.value.trim()) {
        event.preventDefault();
        open();  // the results of the query in the box again
      }
      return;
    }
    var inSelect = document.activeElement && document.activeElement.tagName === "SELECT";
    if (event.key === "ArrowDown" && !inSelect) {
      event.preventDefault();
      moveFocus(1);
    } else if (event.key === "ArrowUp" && !inSelect && document.activeElement !== input) {
      event.preventDefault();
      moveFocus(-1);
    }
  });

  more.addEventListener("click", function () {
    var before = list.querySelectorAll("a[href]").length;
    showMore(sequence).then(function () {
      var next = list.querySelectorAll("a[href]")[before];
      if (next) next.focus();
    });
  });

  // Close when the focus or a click leaves the search.
  root.addEventListener("focusout", function (event) {
    if (event.relatedTarget && !root.contains(event.relatedTarget)) close();
  });
  document.addEventListener("click", function (event) {
    if (!root.contains(event.target)) close();
  });

  // "/" from anywhere on the page (not while typing elsewhere) focuses the box.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    var active = document.activeElement;
    if (active && (active.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName))) return;
    event.preventDefault();
    input.focus();
    input.select();
  });
})();
