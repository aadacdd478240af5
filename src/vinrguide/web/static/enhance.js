// vinrguide: small enhancements. Every page works without this file.
// - after an answer, focus moves to the new question's heading (after a search: to the results);
// - an error summary takes focus;
// - "Skriv ut" appears, and printing opens every "Visa fler" so the printed page is the whole record;
// - the directory filters as you type (in the page: nothing is sent).
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  function fold(text) {
    return text.toLocaleLowerCase("sv").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  ready(function () {
    var error = document.getElementById("fel");
    if (error) {
      error.focus();
    } else if (document.body.getAttribute("data-focus")) {
      var target = document.getElementById(document.body.getAttribute("data-focus"));
      if (target) { target.focus(); }
    }

    var opened = [];
    window.addEventListener("beforeprint", function () {
      opened = [];
      document.querySelectorAll("details:not([open])").forEach(function (d) { d.open = true; opened.push(d); });
    });
    window.addEventListener("afterprint", function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
    document.querySelectorAll(".js-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });

    var filter = document.getElementById("filter");
    var count = document.getElementById("antal");
    var cards = document.querySelectorAll(".card-unit");
    if (filter && count && cards.length) {
      var total = document.querySelector(".cards").getAttribute("data-total");
      var timer = null;
      filter.addEventListener("input", function () {
        if (timer) { clearTimeout(timer); }
        timer = setTimeout(function () {
          var wanted = fold(filter.value.trim());
          var shown = 0;
          cards.forEach(function (card) {
            var match = !wanted || fold(card.getAttribute("data-names") || "").indexOf(wanted) !== -1;
            card.hidden = !match;
            if (match) { shown += 1; }
          });
          count.textContent = "Visar " + shown + " av " + total + " kontakter.";
        }, 250);
      });
    }
  });
})();
