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

  // Live: poll for new comments with ETags (an idle reader costs a 304).
  var url = section.dataset.liveUrl;
  var since = section.dataset.latest || "0";
  var banner = section.querySelector(".live-banner");
  var etag = null;
  var delay = 20000;
  function poll() {
    if (document.hidden) { window.setTimeout(poll, delay); return; }
    var headers = { "Accept": "application/json" };
    if (etag) headers["If-None-Match"] = etag;
    fetch(url + "?since=" + encodeURIComponent(since), { headers: headers, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(function (data) {
            if (data["new"] > 0) {
              banner.hidden = false;
              banner.querySelector(".live-show").textContent =
                data["new"] + " new comment" + (data["new"] === 1 ? "" : "s") + " — show";
            }
          });
        }
      })
      .catch(function () { delay = Math.min(delay * 2, 300000); })
      .then(function () { window.setTimeout(poll, delay); });
  }
  if (url && banner && window.fetch) {
    window.setTimeout(poll, delay);
    banner.querySelector(".live-show").addEventListener("click", function () {
      window.location.href = window.location.pathname + "?sort=latest#comments";
      window.location.reload();
    });
  }
})();
