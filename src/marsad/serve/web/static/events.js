// #/events: filters, facets, a paginated table, a clustered map and a brushable timeline, all
// driven by one filter kept in the URL (so the three always agree and views can be linked).

import { allEvents, api, qs } from "./api.js";
import { ACLED_TAXONOMY, eventColor } from "./colors.js";
import { ar, clear, errorBox, fmtNum, h, fill } from "./dom.js";
import { drawTimeline } from "./timeline.js";
import { pagerInto } from "./articles.js";
import { actors, eventCard, eventLayer, fitTo, makeMap, place, typeBadge } from "./widgets.js";

const FILTER_KEYS = ["type", "actor", "place", "date_from", "date_to", "modality", "min_sources", "country", "article"];
const PAGE = 25;
const FACETS = [
  ["event_type", "Event type", "type"],
  ["sub_event_type", "Sub-event type", "type"],
  ["country", "Country", "country"],
  ["admin1", "Province / governorate", "place"],
  ["actor", "Actor", "actor"],
];
const FILTER_LABELS = { type: "type", actor: "actor", place: "place", date_from: "from", date_to: "to",
  modality: "modality", min_sources: "≥ sources", country: "country", article: "article" };

export function filterOf(query) {
  const f = {};
  for (const k of FILTER_KEYS) if (query[k]) f[k] = query[k];
  return f;
}

function typeSelect() {
  const sel = h("select", { name: "type", "aria-label": "Event type" }, h("option", { value: "" }, "any type"));
  for (const [t, subs] of Object.entries(ACLED_TAXONOMY)) {
    sel.append(h("option", { value: t, class: "opt-type" }, t));
    for (const s of subs) sel.append(h("option", { value: s }, `\u2003${s}`));
  }
  return sel;
}

function filterForm() {
  const field = (label, input) => h("label", { class: "field" }, h("span", {}, label), input);
  const els = {
    type: typeSelect(),
    actor: h("input", { name: "actor", type: "text", dir: "auto", placeholder: "id or name", size: "16" }),
    place: h("input", { name: "place", type: "text", dir: "auto", placeholder: "place or province", size: "14" }),
    date_from: h("input", { name: "date_from", type: "date" }),
    date_to: h("input", { name: "date_to", type: "date" }),
    modality: h("select", { name: "modality" }, h("option", { value: "" }, "any"),
      ["asserted", "claimed", "denied", "planned", "hypothetical"].map((m) => h("option", { value: m }, m))),
    min_sources: h("input", { name: "min_sources", type: "number", min: "1", max: "100", placeholder: "1", class: "num-in" }),
    country: h("input", { name: "country", type: "text", maxlength: "2", size: "3", placeholder: "SY" }),
    sort: h("select", { name: "sort" }, [["-date", "newest first"], ["date", "oldest first"],
      ["-sources", "most sources"], ["-confidence", "most confident"]].map(([v, l]) => h("option", { value: v }, l))),
  };
  const csv = h("a", { class: "button csv", href: "/api/events.csv", download: "marsad-events.csv" }, "⬇ Download CSV");
  const reset = h("button", { type: "button", class: "secondary" }, "Reset");
  const form = h("form", { class: "filters", "aria-label": "Event filters" },
    field("Type", els.type), field("Actor", els.actor), field("Place", els.place),
    field("From", els.date_from), field("To", els.date_to), field("Modality", els.modality),
    field("Min. sources", els.min_sources), field("Country", els.country), field("Sort", els.sort),
    h("div", { class: "actions" }, h("button", { type: "submit" }, "Apply"), reset, csv));
  return { form, els, csv, reset };
}

export async function eventsView(ctx) {
  const { main } = ctx;
  const { form, els, csv, reset } = filterForm();
  const chips = h("div", { class: "chips" });
  const tlBox = h("div", { class: "timeline-box" });
  const tlHead = h("div", { class: "timeline-head" });
  const facetsBox = h("aside", { class: "facets", "aria-label": "Facets" });
  const info = h("div", { class: "table-info" });
  const table = h("table", { class: "events-table" });
  const pager = h("div", { class: "pager" });
  const mapEl = h("div", { class: "map", id: "events-map" });
  const mapNote = h("div", { class: "muted map-note" });
  main.append(h("section", { class: "page events-page" },
    h("div", { class: "page-head" }, h("h1", {}, "Events ", ar("الأحداث", "ar-sub")), chips),
    form,
    h("div", { class: "events-grid" }, facetsBox,
      h("div", { class: "events-main" },
        h("div", { class: "timeline-wrap" }, tlHead, tlBox),
        h("div", { class: "map-box" }, mapEl, mapNote),
        h("div", { class: "table-box" }, info, h("div", { class: "table-scroll" }, table), pager)))));

  let query = {};
  const map = await makeMap(mapEl);
  let layer = null;
  let markersById = new Map();
  const hooks = window.__marsad;

  const go = (patch) => ctx.setQuery({ ...query, ...patch, offset: "" });
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const patch = {};
    for (const [k, el] of Object.entries(els)) patch[k] = el.value.trim();
    go(patch);
  });
  reset.addEventListener("click", () => ctx.setQuery({}));

  function renderChips(f) {
    clear(chips);
    for (const [k, v] of Object.entries(f)) {
      const b = h("button", { type: "button", class: "chip", title: "Remove this filter" },
        `${FILTER_LABELS[k] || k}: `, ar(k === "article" ? `${v.slice(0, 10)}…` : v), " ×");
      b.addEventListener("click", () => go({ [k]: "" }));
      chips.append(b);
    }
  }

  function renderFacets(facets, f) {
    clear(facetsBox);
    for (const [key, label, param] of FACETS) {
      const vals = facets[key] || [];
      if (!vals.length) continue;
      const max = Math.max(...vals.map((v) => v.count));
      facetsBox.append(h("div", { class: "facet", dataset: { facet: key } }, h("h3", {}, label),
        h("ul", {}, vals.slice(0, 12).map((v) => {
          const active = f[param] === v.value;
          const color = key === "event_type" ? eventColor(v.value) : "#90a4ae";
          const b = h("button", { type: "button", class: `facet-item${active ? " active" : ""}`,
            dataset: { value: v.value, count: v.count } },
          h("span", { class: "facet-bar", style: `width:${Math.round((100 * v.count) / max)}%;background:${color}` }),
          h("span", { class: "facet-label" }, ar(v.label || v.value)), h("span", { class: "facet-count" }, fmtNum(v.count)));
          b.addEventListener("click", () => go({ [param]: active ? "" : v.value }));
          return h("li", {}, b);
        }))));
    }
    if (!facetsBox.firstChild) facetsBox.append(h("p", { class: "muted" }, "No facets."));
  }

  function renderTable(res, offset) {
    clear(table);
    table.append(h("thead", {}, h("tr", {}, ["Date", "Event", "Actors", "Location", "Killed", "Sources", ""].map((c) => h("th", {}, c)))));
    const tb = h("tbody", {});
    for (const ev of res.items) {
      const detail = h("tr", { class: "detail", hidden: true }, h("td", { colspan: "7" }, eventCard(ev)));
      const pin = h("button", { type: "button", class: "icon-btn", title: "Show on map", disabled: ev.lat == null },
        "⌖");
      const row = h("tr", { class: "ev-row", dataset: { eventId: ev.id }, tabindex: "0" },
        h("td", { class: "nowrap" }, ev.date || h("span", { class: "muted", title: "first reported" }, ev.first_reported || "—")),
        h("td", {}, typeBadge(ev)),
        h("td", {}, actors(ev)),
        h("td", {}, place(ev)),
        h("td", { class: "n" }, ev.fatalities ?? ""),
        h("td", { class: "n" }, String(ev.source_count)),
        h("td", {}, pin));
      const toggle = (e) => {
        if (e.target.closest("a") || e.target.closest("button")) return;
        detail.hidden = !detail.hidden;
        row.classList.toggle("open", !detail.hidden);
      };
      row.addEventListener("click", toggle);
      row.addEventListener("keydown", (e) => { if (e.key === "Enter") toggle(e); });
      pin.addEventListener("click", () => {
        const m = markersById.get(ev.id);
        if (m && layer) layer.zoomToShowLayer(m, () => m.openPopup());
        mapEl.scrollIntoView({ block: "nearest" });
      });
      tb.append(row, detail);
    }
    if (!res.items.length) tb.append(h("tr", {}, h("td", { colspan: "7", class: "muted" }, "No events match this filter.")));
    table.append(tb);
    fill(info, h("b", { class: "total", dataset: { total: res.total } }, fmtNum(res.total)), " fused events");
    pagerInto(pager, res.total, offset, PAGE, (o) => ctx.setQuery({ ...query, offset: o || "" }));
  }

  function renderMap(all) {
    if (layer) map.removeLayer(layer);
    const { layer: l, count } = eventLayer(all.items);
    layer = l;
    markersById = new Map(l.getLayers().map((m) => [m.options.eventId, m]));
    map.addLayer(layer);
    map.invalidateSize();
    if (count) fitTo(map, layer);
    else map.setView([34.8, 39.5], 5);
    const missing = all.items.length - count;
    fill(mapNote, `${fmtNum(count)} event(s) on the map`,
      missing ? ` · ${fmtNum(missing)} without coordinates` : "",
      all.total > all.items.length ? ` · showing the first ${fmtNum(all.items.length)} of ${fmtNum(all.total)}` : "");
    return count;
  }

  function renderTimeline(rows, f) {
    const dom = drawTimeline(tlBox, rows, { height: 120,
      onBrush: (from, to) => go({ date_from: from, date_to: to }) });
    fill(tlHead, h("span", { class: "tl-title" }, "Timeline"),
      dom ? h("span", { class: "muted" }, ` ${dom.from} → ${dom.to}, per ${dom.unit} · drag to select dates`) : null,
      f.date_from || f.date_to ? h("button", { type: "button", class: "link-btn",
        onclick: () => go({ date_from: "", date_to: "" }) }, "clear dates") : null,
      h("span", { class: "tl-legend" }, Object.keys(ACLED_TAXONOMY).map((t) =>
        h("span", { class: "lg" }, h("span", { class: "swatch", style: `background:${eventColor(t)}` }), t))));
  }

  async function load(q) {
    query = q;
    const f = filterOf(q);
    const offset = Math.max(0, parseInt(q.offset || "0", 10) || 0);
    const sort = q.sort || "-date";
    for (const [k, el] of Object.entries(els)) el.value = k === "sort" ? sort : f[k] || "";
    if (f.type && els.type.value !== f.type) els.type.append(h("option", { value: f.type, selected: true }, f.type));
    csv.setAttribute("href", `/api/events.csv${qs(f)}`);
    renderChips(f);
    hooks.eventsFilter = { ...f };
    try {
      const [res, facets, tl, all] = await Promise.all([
        api("/api/events", { ...f, limit: PAGE, offset, sort }),
        api("/api/events/facets", f),
        api("/api/events/timeline", { ...f, bucket: "day" }),
        allEvents(f),
      ]);
      renderTable(res, offset);
      renderFacets(facets, f);
      renderTimeline(tl, f);
      const count = renderMap(all);
      hooks.eventsTotal = res.total;
      hooks.mapLocated = count;
    } catch (err) {
      fill(info, errorBox(err));
    }
  }

  hooks.mapMarkerCount = () => (layer ? layer.getLayers().length : 0);
  // what the map shows right now: the numbers on cluster icons plus single markers
  hooks.mapClusterSum = () => {
    let n = 0;
    for (const el of mapEl.querySelectorAll(".ev-cluster-pie span")) n += parseInt(el.textContent, 10) || 0;
    return n + mapEl.querySelectorAll("path.ev-marker").length;
  };
  await load(ctx.query);
  return {
    update: load,
    dispose() {
      map.remove();
      for (const k of ["mapMarkerCount", "mapClusterSum", "eventsTotal", "mapLocated", "eventsFilter"]) delete hooks[k];
    },
  };
}
