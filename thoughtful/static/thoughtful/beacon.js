// The read beacon (issue 12): pages are the same for every anonymous reader, so the read is
// counted here, after load, by one POST to our own server (thoughtful/web/visits.py). It
// carries the essay being read, the referrer and the landing address (for its utm_* tags).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var url = script.getAttribute("data-beacon");
  var essay = script.getAttribute("data-essay") || "";
  function send() {
    var body = new URLSearchParams();
    if (essay) body.set("essay", essay);
    body.set("ref", document.referrer || "");
    body.set("url", window.location.href);
    if (navigator.sendBeacon && navigator.sendBeacon(url, body)) return;
    fetch(url, { method: "POST", body: body, credentials: "same-origin", keepalive: true });
  }
  if (document.readyState === "complete") send();
  else window.addEventListener("load", send, { once: true });
})();
