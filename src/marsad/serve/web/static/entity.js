// #/entity/<id>: the actor profile (names, aliases, Wikidata, umbrella, sponsors, leaders, activity
// timeline, a map of places over time, events with evidence, relations).

import { api } from "./api.js";
import { entityType } from "./colors.js";
import { ar, clear, entityLink, fmtNum, h, fill } from "./dom.js";
import { drawTimeline } from "./timeline.js";
import { eventCard, makeMap } from "./widgets.js";

const ref = (r) => (r ? entityLink(r.id, r.name_ar || r.name_en || r.id) : null);
const refEn = (r) => (r?.name_en && r.name_en !== r.name_ar ? h("span", { class: "muted" }, ` ${r.name_en}`) : null);

function fact(label, value) {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) return null;
  return [h("dt", {}, label), h("dd", {}, value)];
}

function wikidataLink(q) {
  if (!/^Q\d+$/.test(q || "")) return null;
  return h("a", { href: `https://www.wikidata.org/wiki/${q}`, rel: "noopener noreferrer", target: "_blank",
    class: "wikidata" }, q);
}

function peopleList(items) {
  return h("ul", { class: "inline-list" }, items.map((p) =>
    h("li", {}, ref(p), refEn(p), p.role ? h("span", { class: "role" }, ` ${p.role.replaceAll("_", " ")}`) : null)));
}

function placesMap(el, prof, map) {
  const L = window.L;
  const pts = (prof.places_over_time || []).filter((p) => p.lat != null && p.lon != null)
    .sort((a, b) => String(a.date || "").localeCompare(String(b.date || "")));
  if (prof.lat != null && prof.lon != null) {
    L.circleMarker([prof.lat, prof.lon], { radius: 9, color: "#111", weight: 2, fillColor: "#2e7d32", fillOpacity: 0.8 })
      .bindTooltip(() => h("span", {}, ar(prof.canonical_ar || prof.id))).addTo(map);
  }
  if (!pts.length) return 0;
  L.polyline(pts.map((p) => [p.lat, p.lon]), { color: "#546e7a", weight: 2, dashArray: "4 4", opacity: 0.8 }).addTo(map);
  pts.forEach((p, i) => {
    const shade = Math.round(40 + (160 * i) / Math.max(1, pts.length - 1));
    L.circleMarker([p.lat, p.lon], { radius: 7, color: "#fff", weight: 1.5, fillColor: `rgb(${shade},40,${200 - shade})`,
      fillOpacity: 0.9, className: "place-marker" })
      .bindPopup(() => h("div", {}, h("b", {}, `${i + 1}. ${p.date || "undated"}`), h("div", {}, ar(p.location || "")),
        h("div", { class: "muted" }, p.sub_event_type || ""),
        h("a", { href: `#/events?actor=${encodeURIComponent(prof.id)}` }, "events")))
      .addTo(map);
  });
  map.fitBounds(L.latLngBounds(pts.map((p) => [p.lat, p.lon])).pad(0.3), { maxZoom: 9, animate: false });
  return pts.length;
}

export async function entityView(ctx) {
  const { main, arg: id } = ctx;
  const [p, graph] = await Promise.all([api(`/api/entities/${encodeURIComponent(id)}`),
    api("/api/graph", { entity: id, limit: 500 }).catch(() => ({ nodes: [] }))]);
  const names = new Map(graph.nodes.map((n) => [n.id, n.canonical_ar || n.canonical_en || n.id]));
  const et = entityType(p.type);
  const events = p.events || [];
  const head = h("header", { class: "entity-head" },
    h("div", { class: "type-tag", style: `background:${et.color}` }, et.label, et.ar ? [" · ", ar(et.ar)] : null),
    h("h1", { class: "entity-name" }, h("span", { dir: "rtl", lang: "ar", class: "name-ar" }, p.canonical_ar || p.id),
      p.canonical_en ? h("span", { class: "name-en" }, p.canonical_en) : null),
    h("div", { class: "muted" }, h("code", {}, p.id), p.status ? ` · ${p.status}` : "",
      p.wikidata ? [" · Wikidata ", wikidataLink(p.wikidata)] : ""));
  const facts = h("dl", { class: "facts" },
    fact("Kind", p.kind ? p.kind.replaceAll("_", " ") : null),
    fact("Umbrella", p.part_of ? [ref(p.part_of), refEn(p.part_of)] : null),
    fact("Sponsors", (p.sponsored_by || []).length ? peopleList(p.sponsored_by) : null),
    fact("Leaders", (p.leaders || []).length ? peopleList(p.leaders) : null),
    fact("Members", (p.members || []).length ? peopleList(p.members) : null),
    fact("Roles", (p.roles || []).length ? peopleList(p.roles) : null),
    fact("Origin", p.origin_country),
    fact("Active in", Array.isArray(p.active_in) ? p.active_in.join(", ") : p.active_in),
    fact("First seen", p.first_seen || "—"), fact("Last seen", p.last_seen || "—"),
    fact("Articles", h("a", { href: `#/articles?entity=${encodeURIComponent(p.id)}` }, fmtNum(p.article_count))),
    fact("Events", h("a", { href: `#/events?actor=${encodeURIComponent(p.id)}` }, fmtNum(events.length))),
    fact("Network", h("a", { href: `#/network?entity=${encodeURIComponent(p.id)}` }, "show neighbourhood")));
  const aliases = (p.aliases || []).length ? h("div", { class: "block" }, h("h2", {}, "Aliases ", ar("الأسماء", "ar-sub")),
    h("ul", { class: "tag-list" }, p.aliases.map((a) => h("li", { dir: "auto" }, a)))) : null;
  const surface = (p.surface_forms || []).length ? h("div", { class: "block" }, h("h2", {}, "Surface forms in the news"),
    h("ul", { class: "tag-list" }, p.surface_forms.map((s) => h("li", { dir: "auto" }, s.text, h("span", { class: "count" }, ` ${s.count}`))))) : null;
  const tl = h("div", { class: "profile-timeline" });
  const mapEl = h("div", { class: "map small-map" });
  const mapNote = h("div", { class: "muted" });
  const rels = (p.relations || []).map((e) => {
    const out = e.source === p.id;
    const other = out ? e.target : e.source;
    return h("li", {}, out ? "→ " : "← ", h("span", { class: "rel-type" }, e.type.replaceAll("_", " ")), " ",
      entityLink(other, names.get(other) || other), h("span", { class: "muted" }, ` · ${e.article_count} article(s)`),
      e.evidence?.[0]?.text ? h("blockquote", { class: "evidence", dir: "rtl", lang: "ar" }, e.evidence[0].text) : null);
  });
  const evList = h("ol", { class: "profile-events" }, events.slice(0, 100).map((e) => h("li", {}, eventCard(e))));
  main.append(h("section", { class: "page entity-page" }, head,
    h("div", { class: "profile-grid" },
      h("div", { class: "profile-left" }, facts, aliases, surface,
        h("div", { class: "block" }, h("h2", {}, `Relations (${rels.length})`),
          rels.length ? h("ul", { class: "rel-list" }, rels) : h("p", { class: "muted" }, "No relations found."))),
      h("div", { class: "profile-right" },
        h("div", { class: "block" }, h("h2", {}, "Reported activity"), tl),
        h("div", { class: "block" }, h("h2", {}, "Places over time"), mapEl, mapNote),
        h("div", { class: "block" }, h("h2", {}, `Events (${events.length}) `, ar("الأحداث", "ar-sub")),
          events.length ? evList : h("p", { class: "muted" }, "No events involve this entity."),
          events.length > 100 ? h("a", { href: `#/events?actor=${encodeURIComponent(p.id)}` }, "all events …") : null)))));
  drawTimeline(tl, events.map((e) => ({ date: e.date || e.first_reported, event_type: e.event_type, count: 1 })),
    { height: 90, title: "Reported activity over time" });
  const map = await makeMap(mapEl, { zoom: 5 });
  const n = placesMap(mapEl, p, map);
  fill(mapNote, n ? `${n} located event(s), in date order (blue = earliest, red = latest)` : "No located events.");
  return { dispose: () => map.remove() };
}
