// The page around the terminal: waits for the bundled font before the terminal measures its cells,
// and offers a fresh session when one ends. No inline script (the page's Content-Security-Policy forbids it).
(function () {
  "use strict";
  // textual.js (loaded just before this file) starts the terminal in window.onload; start it once the font is here.
  const startTerminal = window.onload;
  window.onload = null;
  window.addEventListener("load", function (event) {
    const fontReady = document.fonts
      ? Promise.all([
          document.fonts.load("16px 'Roboto Mono'"),
          document.fonts.load("bold 16px 'Roboto Mono'"),
        ]).catch(function () {})
      : Promise.resolve();
    fontReady.then(function () {
      if (typeof startTerminal === "function") {
        startTerminal.call(window, event);
      }
    });
    document.querySelectorAll("button.restart").forEach(function (button) {
      button.addEventListener("click", function () {
        window.location.href = window.location.pathname;
      });
    });
  });
})();
