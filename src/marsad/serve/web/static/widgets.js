// Building blocks shared by the views: event cards, Leaflet maps with clustered event markers.

import { getConfig } from "./api.js";
import { eventColor } from "./colors.js";
import { ar, entityLink, fmtNum, h } from "./dom.js";

const L = () => window.L;

export function typeBadge(ev) {
  return h("span", { class: "ev-badge", style: `--c:${eventColor(ev.event_type)}` },
    h("span", { class: "ev-dot" }), ev.sub_event_type || ev.event_type || "event");
}

export function actors(ev) {
  return h("span", { class: "actors" },
    entityLink(ev.actor1_id, ev.actor1_text),
    ev.actor2_text || ev.actor2_id ? [h("span", { class: "vs" }, " ↔ "), entityLink(ev.actor2_id, ev.actor2_text)] : null);
}

export function place(ev) {
  const name = ev.location_text || ev.location_name_en;
  if (!name) return h("span", { class: "muted" }, "—");
  return h("span", { class: "place" }, ar(ev.location_text || ""),
    ev.location_name_en ? h("span", { class: "muted" }, ` ${ev.location_name_en}`) : null,
    ev.admin1 ? h("span", { class: "muted" }, ` · ${ev.admin1}`) : null,
    ev.country ? h("span", { class: "muted" }, ` (${ev.country})`) : null);
}

/** Sources of a fused event: outlet, title (link to the reader), modality, evidence sentence. */
export function sourcesList(ev, max = 10) {
  const items = (ev.sources || []).slice(0, max).map((s) =>
    h("li", { class: "source" },
      h("div", { class: "src-head" },
        h("a", { href: `#/article/${s.article_id}`, class: "src-title" }, ar(s.title || s.article_id.slice(0, 12))),
        " ", h("span", { class: "muted" }, ar(s.outlet || "")),
        s.modality && s.modality !== "asserted" ? h("span", { class: `modality m-${s.modality}` }, s.modality) : null,
        s.attributed_to ? h("span", { class: "muted attr" }, " according to ", ar(s.attributed_to)) : null),
      s.evidence_text ? h("blockquote", { class: "evidence", dir: "rtl", lang: "ar" }, s.evidence_text) : null));
  const more = (ev.sources || []).length - max;
  return h("ul", { class: "sources" }, items, more > 0 ? h("li", { class: "muted" }, `… ${more} more`) : null);
}

/** The popup / detail card of a fused event. */
export function eventCard(ev) {
  return h("div", { class: "event-card", dataset: { eventId: ev.id } },
    h("div", { class: "card-head" }, typeBadge(ev), h("span", { class: "muted" }, ` ${ev.event_type || ""}`)),
    h("div", {}, h("b", {}, "Actors: "), actors(ev)),
    h("div", {}, h("b", {}, "Date: "), ev.date || ev.first_reported || "unknown",
      ev.fatalities != null ? [h("b", {}, "  Fatalities: "), fmtNum(ev.fatalities)] : null),
    h("div", {}, h("b", {}, "Place: "), place(ev)),
    h("div", { class: "muted" }, `${ev.source_count} report(s) in ${ev.article_count} article(s)`,
      ev.modalities ? ` · ${ev.modalities}` : "", ev.confidence != null ? ` · confidence ${(+ev.confidence).toFixed(2)}` : ""),
    sourcesList(ev, 4));
}

/** A Leaflet map in `el` with the configured tile layer; markers still render when tiles fail. */
export async function makeMap(el, { center = [34.8, 39.5], zoom = 5 } = {}) {
  const cfg = await getConfig();
  const map = L().map(el, { preferCanvas: false, worldCopyJump: true }).setView(center, zoom);
  if (cfg.tile_url) {
    const tiles = L().tileLayer(cfg.tile_url, { maxZoom: 18, attribution: "© OpenStreetMap contributors" });
    let failed = false;
    tiles.on("tileerror", () => {
      if (failed) return;
      failed = true;
      el.classList.add("no-tiles");
      el.append(h("div", { class: "tiles-note" }, "Map tiles unavailable (offline?) — points are still shown."));
    });
    tiles.addTo(map);
  }
  return map;
}

function clusterIcon(cluster) {
  const counts = {};
  for (const m of cluster.getAllChildMarkers()) counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
  const n = cluster.getChildCount();
  let acc = 0;
  const stops = Object.entries(counts).map(([t, c]) => {
    const a = (acc / n) * 360;
    acc += c;
    return `${eventColor(t)} ${a}deg ${(acc / n) * 360}deg`;
  });
  const size = n < 10 ? 30 : n < 100 ? 38 : 46;
  const el = h("div", { class: "ev-cluster-pie", style: `background: conic-gradient(${stops.join(", ")})` },
    h("span", {}, String(n)));
  return L().divIcon({ html: el, className: "ev-cluster", iconSize: L().point(size, size) });
}

/** A cluster layer holding one circle marker per located event; returns {layer, count}. */
export function eventLayer(events, popup = eventCard) {
  const layer = L().markerClusterGroup({ iconCreateFunction: clusterIcon, showCoverageOnHover: false, animate: false,
    maxClusterRadius: 40, spiderfyOnMaxZoom: true });
  const markers = [];
  for (const ev of events) {
    if (ev.lat == null || ev.lon == null) continue;
    const m = L().circleMarker([ev.lat, ev.lon], {
      radius: 7, color: "#ffffff", weight: 1.5, fillColor: eventColor(ev.event_type), fillOpacity: 0.92,
      className: "ev-marker", eventType: ev.event_type, eventId: ev.id,
    });
    m.bindPopup(() => popup(ev), { maxWidth: 380, minWidth: 260 });
    markers.push(m);
  }
  layer.addLayers(markers);
  return { layer, count: markers.length };
}

/** Fit the map to a layer's bounds (or keep the default view when it is empty). */
export function fitTo(map, layer, maxZoom = 9) {
  const b = layer.getBounds?.();
  if (b && b.isValid()) map.fitBounds(b.pad(0.15), { maxZoom, animate: false });
}
