/* The moderator desk's keyboard: j/k move, a approve, r reject, f feature, b ban, x select,
   ? help. Every action is an ordinary form that works without this script; here the same form
   is sent with fetch, the card leaves the queue and the result is announced (aria-live). */
(function () {
  "use strict";
  var status = document.getElementById("desk-status");
  var help = document.getElementById("desk-help");
  var current = -1;

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll(".desk-card:not(.is-done)"));
  }

  function announce(message, isError) {
    if (!status) return;
    status.classList.toggle("is-error", !!isError);
    status.textContent = "";
    // A fresh text node so screen readers announce a repeated message too.
    window.setTimeout(function () { status.textContent = message; }, 30);
  }

  function select(index) {
    var list = cards();
    if (!list.length) { current = -1; return null; }
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (card, i) { card.classList.toggle("is-current", i === current); });
    var card = list[current];
    card.focus({ preventScroll: true });
    card.scrollIntoView({ block: "nearest" });
    return card;
  }

  function currentCard() {
    var list = cards();
    var focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".desk-card") : null;
    if (focused && list.indexOf(focused) >= 0) { current = list.indexOf(focused); return focused; }
    if (current < 0 || current >= list.length) return select(0);
    return list[current];
  }

  function removeCard(card) {
    var list = cards();
    var index = list.indexOf(card);
    card.classList.add("is-done");
    var item = card.closest("li") || card;
    item.parentNode.removeChild(item);
    if (!cards().length) {
      var empty = document.querySelector(".desk-empty");
      if (empty) { empty.hidden = false; empty.setAttribute("tabindex", "-1"); empty.focus(); }
      current = -1;
      return;
    }
    select(index >= cards().length ? cards().length - 1 : index);
  }

  function csrf(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function send(form) {
    var card = form.closest(".desk-card");
    var body = new FormData(form);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": csrf(form) }
    }).then(function (response) {
      return response.json().then(function (data) {
        announce(data.message || (response.ok ? "Done." : "That didn't work."), !data.ok);
        // "gone": the item left this queue (decided now, or by someone else before).
        if (card && data.gone) removeCard(card);
      });
    }).catch(function () {
      form.dataset.noFetch = "1";
      form.submit(); // the plain form still works
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("desk-action") || form.dataset.noFetch) return;
    event.preventDefault();
    send(form);
  });

  function actionForm(card, key) {
    return card ? card.querySelector('form.desk-action[data-key="' + key + '"]') : null;
  }

  function openHelp() {
    if (help && typeof help.showModal === "function" && !help.open) {
      help.showModal();
      var close = help.querySelector("button");
      if (close) close.focus();
    }
  }

  document.querySelectorAll(".desk-help-open").forEach(function (button) {
    button.addEventListener("click", openHelp);
  });

  // Enter on the reject reason sends the rejection (a <select> doesn't submit by itself).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.classList && target.classList.contains("desk-reason")) {
      event.preventDefault();
      if (!target.value) { announce("Choose a reason the writer will see.", true); return; }
      target.form.requestSubmit();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    var tag = target && target.tagName;
    if (event.key === "Escape") {
      var open = document.querySelector(".desk-reject[open]");
      if (open) {
        open.open = false;
        var owner = open.closest(".desk-card");
        if (owner) owner.focus();
      }
      return;
    }
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable)) return;
    if (help && help.open) return;
    var card;
    switch (event.key) {
      case "j": event.preventDefault(); select(current + 1); break;
      case "k": event.preventDefault(); select(current <= 0 ? 0 : current - 1); break;
      case "?": event.preventDefault(); openHelp(); break;
      case "a":
      case "f":
        card = currentCard();
        var form = actionForm(card, event.key);
        if (form) { event.preventDefault(); form.requestSubmit(); }
        break;
      case "r":
        card = currentCard();
        var box = card ? card.querySelector(".desk-reject") : null;
        if (box) {
          event.preventDefault();
          box.open = true;
          var reason = box.querySelector("select");
          if (reason) reason.focus();
          announce("Choose the reason the writer will see, then press Enter.");
        }
        break;
      case "b":
        card = currentCard();
        var ban = actionForm(card, "b");
        if (ban) {
          event.preventDefault();
          if (window.confirm(ban.dataset.confirm || "Ban this commenter?")) ban.requestSubmit();
        }
        break;
      case "x":
        card = currentCard();
        var box2 = card ? card.querySelector(".desk-select") : null;
        if (box2) { event.preventDefault(); box2.checked = !box2.checked; }
        break;
      default:
        return;
    }
  });

  // Confirm the ban button without the keyboard too.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest('form[data-confirm] button[type=submit]') : null;
    if (button && !window.confirm(button.form.dataset.confirm)) event.preventDefault();
  });

  if (cards().length) select(0);
})();
