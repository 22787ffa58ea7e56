// Jeton — the vault's implicit-grant callback (/d/{d}/vault/callback). The provider put the
// access token in the URL's fragment (RFC 6749 §4.2.2), which browsers never send to a
// server: this script takes it out of the address bar and posts it, with the page's CSRF
// token, to the same address. Served from /static/ (the CSP allows script-src 'self' and
// nothing inline); without it, the page says to start again.
"use strict";

(function () {
  var form = document.getElementById("vault-fragment");
  if (!form) return;
  var fragment = window.location.hash.replace(/^#/, "");
  // The token leaves the address bar (and the history) before anything else happens.
  if (window.history && window.history.replaceState) {
    window.history.replaceState(null, "", window.location.pathname);
  }
  form.elements["fragment"].value = fragment;
  form.submit();
})();
