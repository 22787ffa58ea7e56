// Jeton — the copy buttons of the pages. Served from /static/jeton.js (the CSP allows
// script-src 'self' and nothing inline). A button `data-copy="ID"` copies the text of the
// element with that id and says `data-copied` in the page's #copy-status live region. The
// buttons are `hidden` in the HTML: without this script (or a clipboard) they stay hidden,
// and the text is still there to select.
"use strict";

(function () {
  var status = document.getElementById("copy-status");

  function say(text) {
    if (!status) return;
    // Emptied first so that saying the same thing twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return Promise.reject(new Error("no clipboard"));
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) {
    (function (button) {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copy(target.textContent).then(
          function () { say(button.getAttribute("data-copied")); },
          // No clipboard here (e.g. plain http): select the text for the person to copy.
          function () { selectText(target); }
        );
      });
    })(buttons[i]);
  }
})();

// The authorization response in `response_mode=form_post`: a form marked `data-autosubmit`
// is posted to the application at once (its button stays for browsers without scripts).
(function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) form.submit();
})();
