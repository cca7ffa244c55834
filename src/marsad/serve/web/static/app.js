// Marsad analyst workbench: a hash-routed single-page app over the REST API.
//   #/articles            article list + search          #/article/<id>   article reader
//   #/events              events table, facets, map, timeline
//   #/network             actor network                  #/entity/<id>    actor profile

import { api } from "./api.js";
import { articlesView, readerView } from "./articles.js";
import { curationRoutes } from "./curation.js";
import { clear, errorBox, fmtNum, fill } from "./dom.js";
import { entityView } from "./entity.js";
import { eventsView } from "./events.js";
import { networkView } from "./network.js";

// Test and debugging hooks (read-only views of the current page's state).
window.__marsad = window.__marsad || {};

const ROUTES = [
  ["articles", /^\/articles$/, articlesView],
  ["article", /^\/article\/([0-9a-f]{64})$/, readerView],
  ["events", /^\/events$/, eventsView],
  ["network", /^\/network$/, networkView],
  ["entity", /^\/entity\/(.+)$/, entityView],
  ...curationRoutes,
];

let current = null; // {name, path, view: {update?, dispose?}}

export function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/events";
  const [path, query = ""] = raw.split("?");
  return { path, query: Object.fromEntries(new URLSearchParams(query)) };
}

/** Set the current route's query (replacing it), which re-renders through the router. */
export function setQuery(query) {
  const { path } = parseHash();
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== "") sp.set(k, v);
  const s = sp.toString();
  location.hash = `#${path}${s ? `?${s}` : ""}`;
}

function markNav(name) {
  for (const a of document.querySelectorAll("nav.main a")) {
    const on = a.dataset.route === name || (name === "article" && a.dataset.route === "articles")
      || (name === "entity" && a.dataset.route === "network");
    a.classList.toggle("active", on);
    if (on) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

function done(main) {
  main.dataset.loads = String((+main.dataset.loads || 0) + 1);
  main.dataset.ready = "1";
}

async function route() {
  const { path, query } = parseHash();
  const main = document.getElementById("main");
  for (const [name, re, view] of ROUTES) {
    const m = re.exec(path);
    if (!m) continue;
    const arg = m[1] ? decodeURIComponent(m[1]) : null;
    if (current && current.name === name && current.arg === arg && current.view?.update) {
      main.dataset.ready = "0";
      await current.view.update(query);
      done(main);
      return;
    }
    current?.view?.dispose?.();
    clear(main);
    main.dataset.view = name;
    main.dataset.ready = "0";
    markNav(name);
    window.scrollTo(0, 0);
    const ctx = { main, arg, query, setQuery };
    current = { name, arg, view: null };
    const mine = current;
    try {
      const v = await view(ctx);
      if (current === mine) mine.view = v || null;
      else v?.dispose?.();
    } catch (err) {
      console.error(err);
      main.append(errorBox(err));
    }
    if (current === mine) done(main);
    return;
  }
  location.hash = "#/events";
}

async function loadStats() {
  const el = document.getElementById("stats");
  try {
    const s = await api("/api/stats");
    fill(el, `${fmtNum(s.articles)} articles · ${fmtNum(s.events)} event reports · ${fmtNum(s.entities)} entities`);
  } catch (_) {
    el.textContent = "";
  }
}

window.addEventListener("hashchange", route);
function start() {
  loadStats();
  route();
}
if (document.readyState === "loading") window.addEventListener("DOMContentLoaded", start);
else start();
