/* Kader in de praktijk: filters for the catalogue of good examples, and keyboard
   access to abbreviation tooltips. Progressive enhancement: without JavaScript
   every example is listed. No inline script, so a strict CSP can apply. */
(function () {
  "use strict";

  function setupFilters() {
    var form = document.getElementById("kp-filters");
    var list = document.getElementById("kp-catalogus");
    var status = document.getElementById("kp-filter-status");
    if (!form || !list || form.dataset.kpReady) return;
    form.dataset.kpReady = "1";
    form.classList.remove("kp-zonder-js");  // shown only when the filters can work
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-kp-filter]"));
    var cards = Array.prototype.slice.call(list.querySelectorAll(".kp-voorbeeld"));
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted !== null) select.value = wanted;
    });

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var match = selects.every(function (select) {
          if (!select.value) return true;
          var values = (card.getAttribute("data-" + select.dataset.kpFilter) || "").split(" ");
          if (select.dataset.kpFilter === "regio") values = (card.getAttribute("data-regio") || "").split("|");
          return values.indexOf(select.value) !== -1;
        });
        card.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = shown === cards.length
        ? cards.length + " goede voorbeelden."
        : shown + " van de " + cards.length + " goede voorbeelden getoond.";
      var query = new URLSearchParams();
      selects.forEach(function (select) { if (select.value) query.set(select.name, select.value); });
      var search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? "?" + search : "") + window.location.hash);
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    apply();
  }

  function focusableAbbreviations() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset abbr[title]"), function (abbr) {
      if (!abbr.hasAttribute("tabindex")) abbr.setAttribute("tabindex", "0");
    });
  }

  function init() {
    setupFilters();
    focusableAbbreviations();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);  // Material's page-load stream, also after instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
