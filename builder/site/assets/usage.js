/* Signaux d'utilisation du site CSU (kb usage) — format v1, décrit dans docs/usage.md.
 *
 * window.kbUsage.send({e: "step", ...}) asks the site's own static file _kb/u.gif
 * with the event in its query string; the web server's access log is the store.
 * An image request by default (works with any static server, answered 200/304),
 * navigator.sendBeacon when the page is going away. Never blocks, never throws.
 * No cookie, no user id: a random walk id lives in sessionStorage (one tab).
 * The search box is watched here: the final query (debounced) and its result count; a portal
 * article page sends one « view ».
 */
(function () {
  "use strict";

  var VERSION = 1;
  var script = document.currentScript;
  var gif = script ? new URL("../../_kb/u.gif", script.src).href : null;
  var sequence = 0;

  function url(event) {
    var parts = ["v=" + VERSION];
    Object.keys(event).forEach(function (key) {
      var value = event[key];
      if (value === null || value === undefined || value === "") return;
      parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(String(value).slice(0, 200)));
    });
    if (!event.s) parts.push("s=" + site());
    parts.push("z=" + (++sequence) + Math.random().toString(36).slice(2, 6)); // never a cached request
    return gif + "?" + parts.join("&");
  }

  /* "a" on the agents' site; a page of the users' portal says data-kb-site="p". */
  function site() {
    var marked = document.querySelector("[data-kb-site]");
    return (marked && marked.getAttribute("data-kb-site")) || "a";
  }

  function send(event, leaving) {
    if (!gif) return;
    try {
      var address = url(event);
      if (leaving && navigator.sendBeacon && navigator.sendBeacon(address)) return;
      var image = new Image(1, 1);
      image.src = address;
    } catch (e) { /* usage must never break the page */ }
  }

  function randomId() {
    var bytes = new Uint8Array(8);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  /* How this page was reached: "navigate" (a link, the address bar), "reload", "back_forward". */
  function arrival() {
    var entries = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation") : [];
    return entries.length ? entries[0].type : "navigate";
  }

  /* The walk of a tree page: {id, seq}. `fresh` true starts a new one (restart), false continues
   * the tab's walk; left out, a reload or the browser's back button continues it and opening
   * the tree again starts another. */
  function walk(tree, fresh) {
    if (fresh === undefined) fresh = arrival() === "navigate";
    var key = "kb-walk:" + tree;
    var state = null;
    try { state = JSON.parse(window.sessionStorage.getItem(key) || "null"); } catch (e) { state = null; }
    var created = fresh || !state || !state.id;
    if (created) state = { id: randomId(), seq: 0 };
    var store = function () {
      try { window.sessionStorage.setItem(key, JSON.stringify(state)); } catch (e) { /* private mode */ }
    };
    store();
    return {
      id: state.id,
      created: created,
      next: function () { var n = state.seq++; store(); return n; }
    };
  }

  /* The search box (theme Material): the last query typed, once typing stops. */
  function watchSearch() {
    var timer = null;
    var pending = null;
    var last = "";
    /* The theme's count (« 11 documents trouvés », « Aucun document trouvé »); null while
     * the index is still loading (« Initialisation de la recherche »). */
    function results() {
      var meta = document.querySelector(".md-search-result__meta");
      var text = meta ? meta.textContent : "";
      var number = text.match(/\d+/);
      if (number) return parseInt(number[0], 10);
      var items = document.querySelectorAll(".md-search-result__item").length;
      if (items) return items;
      return /aucun|no matching/i.test(text) ? 0 : null;
    }
    function flush(leaving, tries) {
      if (timer) { window.clearTimeout(timer); timer = null; }
      if (!pending || pending === last) return;
      var count = results();
      if (count === null && !leaving && (tries || 0) < 20) {  // wait for the index, up to 10 s more
        timer = window.setTimeout(function () { flush(false, (tries || 0) + 1); }, 500);
        return;
      }
      last = pending;
      send({ e: "search", q: pending, k: count === null ? "" : count }, leaving);
      pending = null;
    }
    document.addEventListener("input", function (event) {
      var input = event.target;
      if (!input || !input.matches || !input.matches("input[data-md-component=search-query]")) return;
      var query = input.value.replace(/\s+/g, " ").trim();
      if (timer) window.clearTimeout(timer);
      pending = query.length >= 2 ? query : null;
      if (pending) timer = window.setTimeout(function () { flush(false); }, 1500);
    }, true);
    window.addEventListener("pagehide", function () { flush(true); });
    document.addEventListener("click", function (event) {
      var link = event.target && event.target.closest && event.target.closest(".md-search-result a");
      if (link) flush(true);
    }, true);
  }

  /* A portal article page says which article it shows (data-kb-view): one view per page load. */
  function countView() {
    var shown = document.querySelector("[data-kb-view]");
    if (shown) send({ e: "view", id: shown.getAttribute("data-kb-view") });
  }

  window.kbUsage = { send: send, walk: walk, version: VERSION };
  watchSearch();
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", countView);
  else countView();
})();
