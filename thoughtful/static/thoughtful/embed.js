/* Embeddable comments (issue 13): put this on another site's page,
 *   <div id="thoughtful-comments"></div>
 *   <script src="https://OUR-SITE/static/thoughtful/embed.js" data-site="SITE-KEY" async></script>
 * and it adds an iframe with the page's thread from our origin. This script runs in the host
 * page, so it never receives anything of the reader's: it only creates the frame, tells it the
 * page's address and colour scheme, and sets its height when the frame (and only the frame,
 * from our origin) says how tall it is.
 *
 * Options (data- attributes on the script tag): data-site (required), data-url (the canonical
 * address; default: <link rel="canonical">, else the address without query and fragment),
 * data-theme ("light" or "dark"; default: the page's data-theme, color-scheme, or the reader's
 * preference), data-target (the id of the element to fill; default "thoughtful-comments").
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src || !window.URL) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var site = script.getAttribute("data-site") || "";
  if (!site) return;

  function canonical() {
    var given = script.getAttribute("data-url");
    if (given) return new URL(given, document.baseURI).href;
    var link = document.querySelector('link[rel="canonical"][href]');
    if (link) return link.href;
    return window.location.origin + window.location.pathname;
  }

  function theme() {
    var given = script.getAttribute("data-theme") || document.documentElement.getAttribute("data-theme") || "";
    if (given === "dark" || given === "light") return given;
    var scheme = window.getComputedStyle(document.documentElement).colorScheme || "";
    if (scheme.indexOf("dark") !== -1 && scheme.indexOf("light") === -1) return "dark";
    if (scheme.indexOf("light") !== -1 && scheme.indexOf("dark") === -1) return "light";
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  var target = document.getElementById(script.getAttribute("data-target") || "thoughtful-comments");
  if (!target) {
    target = document.createElement("div");
    script.parentNode.insertBefore(target, script.nextSibling);
  }
  var params = new URLSearchParams({ site: site, url: canonical(), theme: theme(), title: document.title.slice(0, 200) });
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed/thread/?" + params.toString();
  frame.title = "Comments";
  frame.className = "thoughtful-comments-frame";
  frame.setAttribute("scrolling", "no");
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = "480px";
  frame.style.colorScheme = "normal";
  target.appendChild(frame);

  window.addEventListener("message", function (event) {
    // Only our frame, from our origin; and only a number is taken from it.
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "thoughtful:height") return;
    var height = Math.round(Number(data.height));
    if (!isFinite(height)) return;
    frame.style.height = Math.max(120, Math.min(height, 200000)) + "px";
  });

  if (window.matchMedia) {
    var query = window.matchMedia("(prefers-color-scheme: dark)");
    var follow = function () {
      if (frame.contentWindow) frame.contentWindow.postMessage({ type: "thoughtful:theme", theme: theme() }, origin);
    };
    if (query.addEventListener) query.addEventListener("change", follow);
  }
})();
