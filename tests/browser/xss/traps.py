"""Traps for script that should never run, and a scan for markup that should never be there.

`Watch` drives one Playwright page: every document it loads gets, before any of its own script,

- a script-execution trap: alert, confirm, prompt and print are replaced by recorders, and a
  global `xss()` a payload might call records too;
- a script-parse trap: a MutationObserver that records every active element the HTML parser
  (or anything else) inserts, so markup removed again after load is still seen;
- a Content-Security-Policy trap: `securitypolicyviolation` events for script, object, frame
  and base directives (a blocked injection is still an injection);

and Playwright itself records dialogs and uncaught page errors. After load, `visit` scans the
whole DOM for active markup (the same rules as the parse trap) and reads back the texts each
field under test is shown in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Dialog, Page

# One definition of "active markup", shared by the parse trap and the final scan.
_ACTIVE = r"""
(() => {
  const URL_ATTRS = new Set(["href", "src", "action", "formaction", "xlink:href", "data",
    "poster", "background", "codebase", "cite", "ping", "from", "to", "values", "by"]);
  const ELEMENTS = new Set(["iframe", "frame", "frameset", "object", "embed", "applet", "base",
    "portal", "fencedframe", "animate", "set", "animatemotion", "animatetransform"]);
  const staticPrefix = location.origin + "/static/";
  const squash = (value) => value.replace(/[\u0000-\u0020\u007f-\u00a0]+/g, "").toLowerCase();
  const dangerousUrl = (value) => {
    const v = squash(value);
    return v.startsWith("javascript:") || v.startsWith("vbscript:") ||
      (v.startsWith("data:") && !/^data:image\/(png|jpeg|gif|webp);/.test(v));
  };
  const describe = (el) => el.outerHTML.slice(0, 200);
  // Why `el` is active markup (empty list: it is not). Never throws: odd markup is a finding.
  const judge = (el) => {
    const why = [];
    const tag = el.localName;
    for (const attr of Array.from(el.attributes || [])) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) why.push(`event handler ${name}`);
      if (name === "srcdoc") why.push("srcdoc");
      if (URL_ATTRS.has(name) && dangerousUrl(attr.value)) {
        why.push(`${name}=${attr.value.slice(0, 60)}`);
      }
    }
    if (ELEMENTS.has(tag)) why.push(`<${tag}>`);
    if (tag === "meta" && squash(el.getAttribute("http-equiv") || "") === "refresh") {
      why.push("meta refresh");
    }
    if (tag === "link" && /import|prefetch|prerender|modulepreload/i.test(el.rel || "")) {
      why.push(`link rel=${el.rel}`);
    }
    if (tag === "script") {
      const type = squash(el.getAttribute("type") || "");
      // SVG scripts point with href or xlink:href, HTML ones with src.
      const src = el.getAttribute("src") || el.getAttribute("href")
        || el.getAttribute("xlink:href");
      let url = "";
      try { url = src ? new URL(src, document.baseURI).href : ""; } catch (e) { url = ""; }
      if (type === "application/ld+json") {
        // A data block, never run; it may only sit in <head> and hold valid JSON.
        let json = el.parentElement && el.parentElement.localName === "head";
        try { JSON.parse(el.textContent); } catch (e) { json = false; }
        if (!json && el.isConnected && document.readyState !== "loading") why.push("bad ld+json");
      } else if (!url.startsWith(staticPrefix)) {
        why.push(`script not from ${staticPrefix}`);
      }
    }
    return why.length ? [{why, html: describe(el)}] : [];
  };
  return (el) => {
    try {
      return judge(el);
    } catch (e) {
      return [{why: [`scan failed: ${e}`], html: describe(el)}];
    }
  };
})()
"""

TRAP_SCRIPT = (
    r"""
(() => {
  const active = """
    + _ACTIVE
    + r""";
  const trap = {calls: [], parsed: [], violations: []};
  const record = (kind, args) => trap.calls.push(
    {kind, args: Array.from(args, (a) => String(a).slice(0, 80))});
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    Object.defineProperty(window, name, {
      value() { record(name, arguments); return name === "confirm" ? false : null; },
      writable: false, configurable: false,
    });
  }
  // A global that a payload written against this test might call.
  for (const name of ["xss", "XSS"]) {
    Object.defineProperty(window, name, {
      value() { record(name, arguments); }, writable: false, configurable: false,
    });
  }
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        for (const el of [node, ...node.querySelectorAll("*")]) {
          // ld+json text may still be streaming in; the final scan judges it whole.
          const type = (el.getAttribute("type") || "").toLowerCase();
          if (el.localName === "script" && type === "application/ld+json") continue;
          trap.parsed.push(...active(el));
        }
      }
      const name = (r.attributeName || "").toLowerCase();
      if (r.type === "attributes" && name.startsWith("on")) {
        const html = r.target.outerHTML.slice(0, 200);
        trap.parsed.push({why: [`event handler ${name} set later`], html});
      }
    }
  }).observe(document, {childList: true, subtree: true, attributes: true});
  document.addEventListener("securitypolicyviolation", (e) => {
    if (/^(script|object|frame|child|base|form)/.test(e.effectiveDirective)) {
      const {effectiveDirective, blockedURI, sample} = e;
      trap.violations.push({directive: effectiveDirective, blocked: blockedURI, sample});
    }
  });
  Object.defineProperty(window, "__xssActive", {value: active});
  Object.defineProperty(window, "__xssTrap", {value: trap});
})();
"""
)

# Runs after load: the whole DOM against the same rules, then the texts of each field asked for.
SCAN_SCRIPT = r"""
async (sources) => {
  // Two frames: autofocus and other rendering-time handlers have had their chance to fire.
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  const found = [];
  for (const el of document.querySelectorAll("*")) found.push(...window.__xssActive(el));
  const texts = {};
  for (const [name, pairs] of Object.entries(sources)) {
    texts[name] = [];
    for (const [selector, from] of pairs) {
      for (const el of document.querySelectorAll(selector)) {
        const value = from === "text" ? el.textContent
          : from === "value" ? el.value : el.getAttribute(from);
        if (value) texts[name].push(value);
      }
    }
  }
  const ids = Array.from(document.querySelectorAll("[id]"), (el) => el.id);
  return {found, texts, ids, trap: window.__xssTrap};
}
"""

# Where each field under test is shown: (CSS selector, "text" | "value" | attribute name).
# Escaped output reads back as the exact input, so finding the payload there proves it arrived.
SOURCES: dict[str, list[tuple[str, str]]] = {
    "display name": [
        (".comment-author", "text"),
        (".author-page h1", "text"),
        ("#author-card-name", "text"),
        (".desk-card-title", "text"),
        ("input[name=display_name]", "value"),
    ],
    "bio": [(".bio", "text"), ("textarea[name=bio]", "value")],
    "comment body": [
        ("div.desk-text", "text"),  # the desk's cards
        ("p.desk-text", "text"),  # the moderation log's evidence
        ("textarea[name=body]", "value"),  # the edit form
    ],
    "essay title": [
        (".essay-card h3", "text"),
        ("#essay-title", "text"),
        (".desk-table a", "text"),
        ("input[name=title]", "value"),
    ],
    "standfirst": [(".standfirst", "text"), ("meta[name=description]", "content")],
    "essay body": [("textarea[name=body]", "value"), ("pre.diff", "text")],
    "image alt": [("img", "alt"), ("input[name=alt_text]", "value")],
    "image credit": [(".image-credit", "text"), ("input[name=credit]", "value")],
    "tag": [(".tag-list a", "text"), (".kicker a", "text"), ("h1", "text")],
    "report text": [(".desk-reports li", "text")],
    "appeal text": [("blockquote.desk-text", "text")],
    "sanction reason": [("li.sanction > p", "text")],
    "editorial note": [("ol.notes p", "text")],
    "submit note": [("ol.event-log q", "text")],
    "social copy": [
        ("input[name=share_title]", "value"),
        ("input[name=share_description]", "value"),
        ("textarea[name=facebook]", "value"),
        ("input[name=x]", "value"),
        ("textarea[name=newsletter]", "value"),
        ("dl.social-copy dd", "text"),
        ("meta[property='og:title']", "content"),
        ("meta[property='og:description']", "content"),
    ],
}


@dataclass
class Visit:
    url: str
    texts: dict[str, list[str]]
    ids: set[str]


@dataclass
class Watch:
    """One page, trapped: visit URLs, collect everything that ran or should not be there."""

    page: Page
    base: str
    problems: list[str] = field(default_factory=list)
    visits: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.add_init_script(TRAP_SCRIPT)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

    def report(self, per_kind: int = 5) -> str:
        """Counts per kind of problem, and the first few of each."""
        kinds: dict[str, list[str]] = {}
        for problem in self.problems:
            kinds.setdefault(problem.split(" on ")[0].split(":")[0], []).append(problem)
        lines = []
        for kind, items in kinds.items():
            lines.append(f"{len(items)} x {kind}")
            lines.extend(f"    {item[:300]}" for item in items[:per_kind])
        return "\n".join(lines)

    def _dialog(self, dialog: Dialog) -> None:
        self.problems.append(f"dialog {dialog.type} {dialog.message[:80]!r} on {self.page.url}")
        dialog.dismiss()

    def visit(self, path: str, *fields: str) -> Visit:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == 200, (path, response and response.status)
        wanted = {name: SOURCES[name] for name in fields}
        result: dict[str, Any] = self.page.evaluate(SCAN_SCRIPT, wanted)
        url = path[:60]  # essay slugs made of payloads are long; the start says which page
        self.visits.append(url)
        trap = result["trap"]
        for item in result["found"]:
            self.problems.append(f"active markup on {url}: {item['why']} in {item['html']!r}")
        for item in trap["parsed"]:
            self.problems.append(f"parsed active markup on {url}: {item['why']}: {item['html']!r}")
        for call in trap["calls"]:
            self.problems.append(f"script ran on {url}: {call['kind']}({call['args']})")
        for violation in trap["violations"]:
            self.problems.append(f"CSP blocked on {url}: {violation}")
        return Visit(url=url, texts=result["texts"], ids=set(result["ids"]))
