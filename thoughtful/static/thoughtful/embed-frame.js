// The embedded thread, inside the host page's iframe, on our own origin (issue 13).
//
// Browsers withhold our cookies here (third-party), so nothing relies on them: the reader signs
// in in a popup on our origin, which hands this frame a short-lived token (postMessage, checked
// to come from that popup on our origin). The token is kept in this frame's memory and its
// sessionStorage (our origin's, never the host page's) and sent as `Authorization: Bearer` to
// the embed's endpoints. The host page hears only the frame's height.
(function () {
  "use strict";
  var root = document.getElementById("comments");
  if (!root || !window.fetch) return;
  var site = root.dataset.site;
  var pageUrl = root.dataset.url;
  var title = root.dataset.title || "";
  var commentsUrl = root.dataset.commentsUrl;
  var postUrl = root.dataset.postUrl;
  var signInUrl = root.dataset.signInUrl;
  var sort = root.dataset.sort || "top";
  var list = root.querySelector(".embed-comments");
  var form = root.querySelector(".embed-form");
  var status = root.querySelector(".embed-status");
  var who = root.querySelector(".embed-who");
  var signInButton = root.querySelector(".embed-sign-in");
  var signOutButton = root.querySelector(".embed-sign-out");
  var storageKey = "thoughtful-embed-token:" + site;
  var token = null;
  var popup = null;

  // --- Height and colour scheme ------------------------------------------------------------
  var lastHeight = 0;
  function reportHeight() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === lastHeight || window.parent === window) return;
    lastHeight = height;
    // Only a number, which nothing secret is made of: "*" because the host page's exact
    // origin is the browser's business (frame-ancestors), not something this frame can know.
    window.parent.postMessage({ type: "thoughtful:height", height: height }, "*");
  }
  if (window.ResizeObserver) new ResizeObserver(reportHeight).observe(document.documentElement);
  window.addEventListener("load", reportHeight);
  reportHeight();

  function applyTheme(name) {
    if (name === "dark" || name === "light") document.documentElement.setAttribute("data-theme", name);
  }

  // --- Token -------------------------------------------------------------------------------
  function remember(value, name) {
    token = value;
    try {
      if (value) window.sessionStorage.setItem(storageKey, JSON.stringify({ token: value, name: name }));
      else window.sessionStorage.removeItem(storageKey);
    } catch (e) { /* storage refused: memory is enough */ }
    who.textContent = value ? "Signed in as " + name + "." : "";
    who.hidden = !value;
    signInButton.hidden = !!value;
    signOutButton.hidden = !value;
    form.hidden = !value;
  }
  try {
    var saved = JSON.parse(window.sessionStorage.getItem(storageKey) || "null");
    if (saved && saved.token) remember(saved.token, saved.name || "you");
  } catch (e) { /* nothing saved */ }

  window.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "thoughtful:theme" && event.source === window.parent) {
      applyTheme(data.theme);
      return;
    }
    // The token only from the popup this frame opened, on our own origin.
    if (data.type !== "thoughtful:token" || event.origin !== window.location.origin) return;
    if (!popup || event.source !== popup || typeof data.token !== "string") return;
    remember(data.token, String(data.name || "you"));
    say("");
    load({});
  });

  signInButton.addEventListener("click", function () {
    popup = window.open(signInUrl, "thoughtful-sign-in", "popup,width=520,height=680");
    if (!popup) say("Allow pop-ups for this page to sign in, or sign in on our site first.");
  });
  signOutButton.addEventListener("click", function () {
    remember(null, "");
    load({});
  });

  // --- Requests ----------------------------------------------------------------------------
  function headers(extra) {
    var h = extra || {};
    if (token) h["Authorization"] = "Bearer " + token;
    return h;
  }
  function say(text) {
    status.textContent = text;
    status.hidden = !text;
  }
  function expired() {
    remember(null, "");
    say("Your sign-in has expired. Sign in again to go on.");
  }

  function load(options) {
    var params = new URLSearchParams({ site: site, url: pageUrl, sort: options.sort || sort });
    if (options.after) params.set("after", options.after);
    if (options.thread) params.set("thread", options.thread);
    return fetch(commentsUrl + "?" + params.toString(), { headers: headers(), credentials: "omit" })
      .then(function (response) {
        if (response.status === 401) { expired(); return load(options); }
        if (!response.ok) return null;
        return response.text().then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;  // our own server's rendering, sanitised comment HTML
          var fresh = holder.querySelector(".embed-list");
          if (!fresh) return;
          if (options.after) {
            var more = list.querySelector(".load-more");
            if (more) more.remove();
            var target = list.querySelector(".comment-list");
            var added = fresh.querySelector(".comment-list");
            if (target && added) while (added.firstChild) target.appendChild(added.firstChild);
            var nextMore = fresh.querySelector(".load-more");
            if (nextMore) list.querySelector(".embed-list").appendChild(nextMore);
          } else {
            list.replaceChildren(fresh);
          }
          var count = Number(fresh.dataset.count || "0");
          root.querySelector("#comments-heading").textContent =
            count.toLocaleString() + " comment" + (count === 1 ? "" : "s");
          reportHeight();
        });
      })
      .catch(function () { say("The comments could not be loaded. Try again in a moment."); });
  }

  function send(url, fields) {
    var body = new URLSearchParams(fields);
    body.set("site", site);
    return fetch(url, {
      method: "POST",
      body: body,
      headers: headers({ "Accept": "application/json" }),
      credentials: "omit",
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; });
    }).then(function (result) {
      if (result.status === 401) expired();
      return result;
    });
  }

  function commentId(element) {
    var item = element.closest("li.comment");
    return item ? item.id.replace("comment-", "") : "";
  }

  // --- The comment form, with the nudge ----------------------------------------------------
  var choice = "post";
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[name=choice]");
    if (button) choice = button.value;
  });
  function showNudge(message) {
    var nudge = form.querySelector(".nudge");
    nudge.querySelector(".nudge-message").textContent = message;
    nudge.hidden = !message;
    form.querySelector(".embed-post").hidden = !!message;
    form.querySelector(".embed-edited").hidden = !message;
    form.querySelector(".embed-anyway").hidden = !message;
  }
  function fieldError(text) {
    var errors = form.querySelector(".field-errors");
    errors.textContent = text;
    errors.hidden = !text;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fieldError("");
    var fields = {
      url: pageUrl,
      title: title,
      body: form.elements.body.value,
      nudge: form.elements.nudge.value,
      idempotency_key: form.elements.idempotency_key.value,
      choice: choice,
    };
    send(postUrl, fields).then(function (result) {
      var data = result.data;
      if (data.outcome === "nudged") {
        form.elements.nudge.value = data.nudge;
        form.elements.body.value = data.body;
        showNudge(data.message);
        return;
      }
      if (result.status >= 400) { fieldError(data.error || "That did not work."); return; }
      form.reset();
      form.elements.nudge.value = "";
      form.elements.idempotency_key.value = Math.random().toString(16).slice(2) + Date.now().toString(16);
      showNudge("");
      say(data.message || "");
      sort = "latest";
      markSort();
      load({ sort: "latest" });
    }).catch(function () { fieldError("Your comment could not be sent. Try again in a moment."); })
      .then(function () { choice = "post"; });
  });

  // --- The list: sorts, more, threads, reactions, replies, reports, deletes --------------------
  function markSort() {
    root.querySelectorAll(".sorts a[data-sort]").forEach(function (link) {
      var on = link.dataset.sort === sort;
      link.classList.toggle("is-current", on);
      if (on) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
    });
  }
  root.addEventListener("click", function (event) {
    var link = event.target.closest("a");
    if (!link) return;
    if (link.dataset.sort) {
      event.preventDefault();
      sort = link.dataset.sort;
      markSort();
      load({});
    } else if (link.classList.contains("embed-more")) {
      event.preventDefault();
      load({ after: link.dataset.after });
    } else if (link.classList.contains("embed-all")) {
      event.preventDefault();
      load({});
    } else if (link.closest(".more-replies") || link.classList.contains("comment-time")) {
      // "Continue this thread" and a comment's own link: its thread, here in the frame.
      event.preventDefault();
      var id = commentId(link);
      if (id) load({ thread: id });
    } else if (link.classList.contains("action-link") && /\/report\/$/.test(link.getAttribute("href") || "")) {
      event.preventDefault();
      openReport(link);
    }
  });

  function openReport(link) {
    var item = link.closest("li.comment");
    if (!item || item.querySelector(".embed-report-form")) return;
    var template = document.getElementById("embed-report-form");
    var reportForm = template.content.firstElementChild.cloneNode(true);
    link.closest(".comment-actions").after(reportForm);
    reportForm.querySelector(".embed-report-cancel").addEventListener("click", function () { reportForm.remove(); });
    reportForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var id = commentId(reportForm);
      send(postUrl + id + "/report/", {
        reason: reportForm.elements.reason.value,
        text: reportForm.elements.text.value,
      }).then(function (result) {
        say(result.data.message || result.data.error || "");
        if (result.status < 400) reportForm.remove();
      });
    });
    reportHeight();
  }

  list.addEventListener("submit", function (event) {
    var target = event.target;
    if (target.classList.contains("embed-report-form")) return;
    event.preventDefault();
    var id = commentId(target);
    if (target.matches(".react-form")) {
      send(postUrl + id + "/thoughtful/", {}).then(function (result) {
        if (result.status >= 400) { say(result.data.error || ""); return; }
        var button = target.querySelector("button.react");
        button.classList.toggle("is-on", result.data.reacted);
        button.setAttribute("aria-pressed", result.data.reacted ? "true" : "false");
        button.querySelector(".count").textContent = result.data.count;
      });
    } else if (target.matches(".delete-form")) {
      if (!window.confirm(target.dataset.confirm || "Delete?")) return;
      send(postUrl + id + "/delete/", {}).then(function () { load({}); });
    } else if (target.matches(".comment-form")) {
      // A reply: the same pipeline; a nudge or refusal is shown under the reply box.
      var parent = target.elements.parent ? target.elements.parent.value : id;
      var text = target.elements.body.value;
      // After a nudge: the same text again means "post it anyway"; edited text is checked anew.
      var again = target.dataset.nudge && text === target.dataset.nudgeBody;
      send(postUrl, {
        url: pageUrl,
        title: title,
        body: text,
        parent: parent,
        idempotency_key: target.elements.idempotency_key.value,
        nudge: target.dataset.nudge || "",
        choice: again ? "post_anyway" : "edit",
      }).then(function (result) {
        var data = result.data;
        if (data.outcome === "nudged") {
          target.dataset.nudge = data.nudge;
          target.dataset.nudgeBody = data.body;
          var note = target.querySelector(".nudge") || document.createElement("p");
          note.className = "nudge";
          note.setAttribute("role", "alert");
          note.textContent = data.message + " Send it again to post it as it is for a moderator to read first, or edit it.";
          target.prepend(note);
          reportHeight();
          return;
        }
        if (result.status >= 400) { say(data.error || ""); return; }
        say(data.message || "");
        load({});
      });
    }
  });
})();
