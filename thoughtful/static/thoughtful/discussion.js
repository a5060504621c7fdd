// Progressive enhancement for the discussion; every action also works without JavaScript.
(function () {
  "use strict";
  var section = document.getElementById("comments");
  if (!section) return;

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // "Thoughtful": toggle in place.
  section.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches(".delete-form") && !window.confirm(form.dataset.confirm || "Delete?")) {
      event.preventDefault();
      return;
    }
    if (!form.matches(".react-form")) return;
    event.preventDefault();
    var button = form.querySelector("button.react");
    fetch(form.action, {
      method: "POST",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf(form) },
      credentials: "same-origin",
    })
      .then(function (response) { return response.json().then(function (data) { return [response.ok, data]; }); })
      .then(function (result) {
        if (!result[0]) return;
        button.classList.toggle("is-on", result[1].reacted);
        button.setAttribute("aria-pressed", result[1].reacted ? "true" : "false");
        button.querySelector(".count").textContent = result[1].count;
      })
      .catch(function () { form.submit(); });
  });

  // Live: poll for new comments with ETags (an idle reader costs a 304). The count shows in
  // the banner and is said once in the status region (issue 11), which screen readers announce.
  var url = section.dataset.liveUrl;
  var since = section.dataset.latest || "0";
  var banner = section.querySelector(".live-banner");
  var status = section.querySelector(".live-status");
  var etag = null;
  var delay = 20000;
  var announced = 0;
  function poll() {
    if (document.hidden) { window.setTimeout(poll, delay); return; }
    var headers = { "Accept": "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url + "?since=" + encodeURIComponent(since), { headers: headers, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(function (data) {
            var count = data["new"];
            if (count > 0) {
              var words = count + " new comment" + (count === 1 ? "" : "s");
              banner.hidden = false;
              banner.querySelector(".live-show").textContent = words + " — show";
              if (status && count !== announced) {
                status.textContent = words + ". Choose “show” to read them, newest first.";
                announced = count;
              }
            }
          });
        }
      })
      .catch(function () { delay = Math.min(delay * 2, 300000); })
      .then(function () { window.setTimeout(poll, delay); });
  }
  if (url && banner && window.fetch) {
    window.setTimeout(poll, delay);
    // "Show" switches the thread to Latest, where the new comments are on top.
    banner.querySelector(".live-show").addEventListener("click", function () {
      var target = window.location.pathname + "?sort=latest#comments";
      if (window.location.pathname + window.location.search + window.location.hash === target) {
        window.location.reload();
      } else {
        window.location.assign(target);
      }
    });
  }

  // After posting, the redirect lands on #comment-N: move focus there too, so a screen reader
  // starts reading at the new comment (issue 11). Without script the anchor still scrolls to it.
  // After "load": Chromium's own scroll to the fragment comes then and would take focus back.
  function focusLinkedComment() {
    var match = /^#comment-(\d+)$/.exec(window.location.hash);
    var target = match && document.getElementById("comment-" + match[1]);
    if (!target) return;
    var article = target.querySelector("article") || target;
    article.setAttribute("tabindex", "-1");
    article.focus();
  }
  if (document.readyState === "complete") focusLinkedComment();
  else window.addEventListener("load", focusLinkedComment);

  // Relative times ("3 hours ago"): the server wrote them, a cached page goes stale, so redo
  // them every minute with the same words as thoughtful/web/templatetags/time_tags.py.
  var DAY = 86400000;
  function plural(n, unit) { return n + " " + unit + (n === 1 ? "" : "s") + " ago"; }
  function describe(ms) {
    if (ms < 60000) return "just now";
    var minutes = Math.floor(ms / 60000);
    if (minutes < 60) return plural(minutes, "minute");
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return plural(hours, "hour");
    var days = Math.floor(hours / 24);
    return days === 1 ? "yesterday" : plural(days, "day");
  }
  function refreshTimes() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll("time[data-relative]"), function (el) {
      var ms = now - Date.parse(el.getAttribute("datetime"));
      if (isNaN(ms) || ms >= 7 * DAY) return; // older ones show a date, which never goes stale
      el.textContent = describe(ms);
    });
  }
  refreshTimes();
  window.setInterval(refreshTimes, 60000);
})();
