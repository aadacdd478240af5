// The page around the terminal: waits for the bundled font before the terminal measures its cells,
// and offers a fresh session when one ends. No inline script (the page's Content-Security-Policy forbids it).
(function () {
  "use strict";
  // Keys reach the app only through xterm.js's hidden text area: focus it as soon as the terminal has made it, so
  // that F2 (acute help) works right after the page loads, without a click first.
  function focusTerminal() {
    const started = Date.now();
    (function attempt() {
      const input = document.querySelector("#terminal .xterm-helper-textarea");
      if (input) {
        if (document.activeElement === document.body || document.activeElement === null) {
          input.focus({ preventScroll: true });
        }
      } else if (Date.now() - started < 10000) {
        window.setTimeout(attempt, 50);
      }
    })();
  }
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
      focusTerminal();
    });
    document.querySelectorAll("button.restart").forEach(function (button) {
      button.addEventListener("click", function () {
        window.location.href = window.location.pathname;
      });
    });
  });
})();
