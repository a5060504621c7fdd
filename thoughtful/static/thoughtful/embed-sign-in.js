// The sign-in popup of an embedded thread (issue 13): hand the token to the frame that opened
// this window. targetOrigin is our own origin, so if the opener is anything else (the host
// page, or a page that opened us to fish for a token) the browser delivers nothing.
(function () {
  "use strict";
  var handoff = document.getElementById("embed-handoff");
  if (!handoff || !window.opener) return;
  window.opener.postMessage(
    { type: "thoughtful:token", token: handoff.dataset.token, name: handoff.dataset.name },
    window.location.origin
  );
  window.setTimeout(function () { window.close(); }, 300);
})();
