/* Kader in de praktijk: the catalogue filters, the print header and keyboard access to
   abbreviation tooltips. Progressive enhancement: without JavaScript every example is
   listed and the filters stay hidden. No inline script or style, so a strict CSP applies
   (script-src 'self', style-src 'self'): only the `hidden` attribute and classes change. */
(function () {
  "use strict";

  var FACET_SEPARATOR = " ";

  function fold(text) {
    // lower case without diacritics, so "cliënt" finds "client"
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setupFilters() {
    var form = document.getElementById("kp-filters");
    var list = document.getElementById("kp-catalogus");
    var status = document.getElementById("kp-filter-status");
    var empty = document.getElementById("kp-filter-leeg");
    var shareLink = document.getElementById("kp-filter-link");
    if (!form || !list || !status || form.dataset.kpReady) return;
    form.dataset.kpReady = "1";
    form.classList.remove("kp-zonder-js"); // shown only when the filters can work

    var text = form.querySelector("#kp-filter-q");
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var facets = Array.prototype.slice.call(form.querySelectorAll("[data-kp-facet]")).map(function (set) {
      return set.getAttribute("data-kp-facet");
    });
    var cards = Array.prototype.slice.call(list.querySelectorAll(".kp-voorbeeld")).map(function (card) {
      var values = {};
      facets.forEach(function (name) {
        values[name] = (card.getAttribute("data-" + name) || "").split(FACET_SEPARATOR).filter(Boolean);
      });
      return { el: card, values: values, text: fold(card.textContent) };
    });
    var previous = null; // the last choice that had results, for "Vorige keuze terug"

    function chosen() {
      var state = {};
      facets.forEach(function (name) { state[name] = []; });
      boxes.forEach(function (box) { if (box.checked) state[box.name].push(box.value); });
      return state;
    }

    function matches(card, state, words, except) {
      for (var i = 0; i < facets.length; i += 1) {
        var name = facets[i];
        if (name === except || !state[name].length) continue;
        var hit = state[name].some(function (v) { return card.values[name].indexOf(v) !== -1; });
        if (!hit) return false;
      }
      return words.every(function (w) { return card.text.indexOf(w) !== -1; });
    }

    function query(state, q) {
      var params = new URLSearchParams();
      if (q) params.set("q", q);
      facets.forEach(function (name) { state[name].forEach(function (v) { params.append(name, v); }); });
      var search = params.toString();
      return search ? "?" + search : "";
    }

    function describe(state, q) {
      var parts = [];
      if (q) parts.push("zoektekst ‘" + q + "’");
      facets.forEach(function (name) {
        if (!state[name].length) return;
        var set = form.querySelector('[data-kp-facet="' + name + '"]');
        var legend = set.querySelector("legend").textContent.trim();
        var labels = state[name].map(function (v) {
          var box = set.querySelector('input[value="' + CSS.escape(v) + '"]');
          var label = box && form.querySelector('label[for="' + box.id + '"]');
          return label ? label.textContent.replace(/\s*\(\d+\)\s*$/, "").trim() : v;
        });
        parts.push(legend.toLowerCase() + ": " + labels.join(" of "));
      });
      return parts.join("; ");
    }

    function apply(remember) {
      var state = chosen();
      var q = text ? text.value.trim() : "";
      var words = fold(q).split(/\s+/).filter(Boolean);
      var shown = 0;
      cards.forEach(function (card) {
        var ok = matches(card, state, words, null);
        card.el.hidden = !ok;
        if (ok) shown += 1;
      });
      // counts per value: what this value would give together with the other filters
      boxes.forEach(function (box) {
        var n = 0;
        cards.forEach(function (card) {
          if (card.values[box.name].indexOf(box.value) !== -1 && matches(card, state, words, box.name)) n += 1;
        });
        var count = form.querySelector('label[for="' + box.id + '"] .kp-facet__aantal');
        if (count) count.textContent = "(" + n + ")";
      });
      var filters = describe(state, q);
      status.textContent = (shown === cards.length && !filters)
        ? cards.length + " goede voorbeelden."
        : shown + " van de " + cards.length + " goede voorbeelden getoond" + (filters ? " (" + filters + ")." : ".");
      if (empty) empty.hidden = shown !== 0;
      var search = query(state, q);
      var url = window.location.pathname + search + window.location.hash;
      window.history.replaceState(null, "", url);
      if (shareLink) shareLink.setAttribute("href", window.location.pathname + search);
      // the other parts of a year's catalogue open with the same choice (values they lack are ignored)
      Array.prototype.forEach.call(document.querySelectorAll("a[data-kp-filter-mee]"), function (link) {
        link.setAttribute("href", link.getAttribute("href").split("?")[0] + search);
      });
      if (shown > 0 && remember) previous = { state: state, q: q };
    }

    function restore(state, q) {
      boxes.forEach(function (box) { box.checked = (state[box.name] || []).indexOf(box.value) !== -1; });
      if (text) text.value = q || "";
    }

    // URL state: ?gemeente=a&gemeente=b&onderwerp=c&q=tekst
    var params = new URLSearchParams(window.location.search);
    var initial = {};
    facets.forEach(function (name) { initial[name] = params.getAll(name); });
    restore(initial, params.get("q") || "");
    // On a phone the facets start folded (the list is what the reader came for), unless a filter is set.
    var details = document.getElementById("kp-filter-facetten");
    if (details && window.matchMedia("(max-width: 44.9375em)").matches && !boxes.some(function (b) { return b.checked; })) {
      details.open = false;
    }

    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("input", function (event) { if (event.target === text) apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
    var back = document.getElementById("kp-filter-terug");
    if (back) back.addEventListener("click", function () {
      var state = previous ? previous.state : {};
      restore(state, previous ? previous.q : "");
      apply(false);
      if (text) text.focus();
    });
    var clear = document.getElementById("kp-filter-wis");
    if (clear) clear.addEventListener("click", function () {
      form.reset();
      window.setTimeout(function () { apply(true); if (text) text.focus(); }, 0);
    });
    apply(true);
  }

  function printHeader() {
    // The print header (main.html) names the page address and the date of printing.
    var url = document.getElementById("kp-print-url");
    var date = document.getElementById("kp-print-datum");
    function fill() {
      if (url) url.textContent = window.location.href;
      if (date) {
        date.textContent = new Date().toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
      }
    }
    fill();
    window.addEventListener("beforeprint", fill);
  }

  function searchButtons() {
    // A button that opens the site search (404 page): the search box in the header (zoeken.js).
    Array.prototype.forEach.call(document.querySelectorAll("[data-kp-zoek-open]"), function (button) {
      button.addEventListener("click", function () {
        var input = document.getElementById("kp-zoek-invoer");
        if (input) input.focus();
      });
    });
  }

  function focusableAbbreviations() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset abbr[title]"), function (abbr) {
      if (!abbr.hasAttribute("tabindex")) abbr.setAttribute("tabindex", "0");
    });
  }

  function init() {
    setupFilters();
    printHeader();
    searchButtons();
    focusableAbbreviations();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material's page-load stream, also after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
