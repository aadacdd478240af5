// The page around the terminal: waits for the bundled font before the terminal measures its cells,
// cuts a paste too long for the server (and says so), and offers a fresh session when one ends.
// No inline script (the page's Content-Security-Policy forbids it).
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
  // A paste must never end the session: textual.js sends a whole paste as one websocket message, and the server
  // closes the websocket (1009) on a message over its limit. So a paste longer than the server takes is cut here
  // before it is sent (the server cuts at the same length too, and says so), and the page tells the user.
  const PASTE_START = "\x1b[200~";
  const PASTE_END = "\x1b[201~";
  const encoder = new TextEncoder();
  let noticeTimer = 0;

  function limits() {
    const terminal = document.getElementById("terminal");
    const data = terminal ? terminal.dataset : {};
    return { message: Number(data.maxMessage) || 65536, paste: Number(data.maxPaste) || 16384 };
  }

  function cutToBytes(text, bytes) {
    const encoded = encoder.encode(text);
    if (encoded.length <= bytes) {
      return text;
    }
    // stream: a character cut in two at the end is held back, not turned into a replacement character
    return new TextDecoder().decode(encoded.subarray(0, bytes), { stream: true });
  }

  // The message to send instead of `message` when it carries a paste that is too long; null: send it as it is.
  function cutPaste(message) {
    const max = limits();
    if (typeof message !== "string" || message.length * 3 <= max.paste) {
      return null; // typing, resizes, pings: far below the limits
    }
    let envelope;
    try {
      envelope = JSON.parse(message);
    } catch (error) {
      return null;
    }
    if (!Array.isArray(envelope) || envelope[0] !== "stdin" || typeof envelope[1] !== "string") {
      return null;
    }
    const data = envelope[1];
    const bracketed = data.startsWith(PASTE_START) && data.endsWith(PASTE_END);
    let body = bracketed ? data.slice(PASTE_START.length, data.length - PASTE_END.length) : data;
    let cut = false;
    for (let bytes = max.paste; ; bytes = Math.floor(bytes / 2)) {
      const shorter = cutToBytes(body, bytes);
      cut = cut || shorter !== body;
      body = shorter;
      const sent = JSON.stringify(["stdin", bracketed ? PASTE_START + body + PASTE_END : body]);
      // JSON makes control characters six bytes long: cut further until the message fits
      if (encoder.encode(sent).length <= max.message) {
        return cut ? sent : null;
      }
    }
  }

  function showPasteNotice() {
    const notice = document.querySelector(".paste-notice");
    if (!notice) {
      return;
    }
    notice.hidden = false;
    window.clearTimeout(noticeTimer);
    noticeTimer = window.setTimeout(function () {
      notice.hidden = true;
    }, 10000);
  }

  function onServerMessage(event) {
    if (typeof event.data !== "string") {
      return;
    }
    try {
      const message = JSON.parse(event.data);
      if (Array.isArray(message) && message[0] === "notice" && message[1] === "paste-too-long") {
        showPasteNotice();
      }
    } catch (error) {
      // not ours to read
    }
  }

  const nativeSend = WebSocket.prototype.send;
  WebSocket.prototype.send = function (message) {
    if (!this.vinrguideListens) {
      this.vinrguideListens = true;
      this.addEventListener("message", onServerMessage);
    }
    const shorter = cutPaste(message);
    if (shorter !== null) {
      showPasteNotice();
      message = shorter;
    }
    return nativeSend.call(this, message);
  };

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
