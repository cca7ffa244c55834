// #/network: the actor graph (Cytoscape.js). Nodes are entities shaped and coloured by type, edges are
// typed relations (labelled, width by the number of articles). Click a node to open its profile.

import { api } from "./api.js";
import { ARABIC_FONTS, ENTITY_TYPES, entityType } from "./colors.js";
import { append, ar, entityLink, fill, fmtNum, h } from "./dom.js";

const REL_COLORS = {
  leader_of: "#d32f2f", commander_of: "#ad1457", member_of: "#1e6fd9", part_of: "#2e7d32",
  sponsored_by: "#ef6c00", merged_with: "#6a1b9a", allied_with: "#00897b", split_from: "#795548",
  fights_against: "#212121", deployed_to: "#8d6e63", met_with: "#0097a7", spokesman_of: "#5c6bc0",
};
const SPARE = ["#c0ca33", "#f06292", "#7986cb", "#4db6ac", "#a1887f", "#ffb300"];
function relColor(t) {
  if (REL_COLORS[t]) return REL_COLORS[t];
  let n = 0;
  for (const ch of t) n = (n * 31 + ch.charCodeAt(0)) % 9973;
  return SPARE[n % SPARE.length];
}
const NODE_TYPES = ["ARMED_GROUP", "PERSON", "ORGANIZATION", "LOCATION", "FACILITY"];

function nodeLabel(n) {
  return n.canonical_ar || n.canonical_en || n.id;
}

function style() {
  const s = [
    { selector: "node", style: {
      label: "data(label)", "font-family": ARABIC_FONTS, "font-size": 16, "min-zoomed-font-size": 5, "text-valign": "bottom",
      "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 140, color: "#1d2733",
      "text-background-color": "#ffffff", "text-background-opacity": 0.8, "text-background-padding": 2,
      width: "mapData(degree, 1, 12, 22, 54)", height: "mapData(degree, 1, 12, 22, 54)",
      "border-width": 2, "border-color": "#ffffff",
    } },
    { selector: "node.focus", style: { "border-color": "#111", "border-width": 3 } },
    { selector: "edge", style: {
      width: "mapData(count, 1, 10, 1.5, 9)", "curve-style": "bezier", "target-arrow-shape": "triangle",
      "arrow-scale": 0.9, label: "data(label)", "font-size": 11, "text-rotation": "autorotate", color: "#37474f",
      "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1,
      "line-color": "data(color)", "target-arrow-color": "data(color)", opacity: 0.85,
    } },
    { selector: "edge:selected", style: { opacity: 1, "line-style": "solid", "underlay-color": "#ffeb3b",
      "underlay-opacity": 0.6, "underlay-padding": 3 } },
  ];
  for (const [t, v] of Object.entries(ENTITY_TYPES)) {
    s.push({ selector: `node[type = "${t}"]`, style: { "background-color": v.color, shape: v.shape } });
  }
  return s;
}

export async function networkView(ctx) {
  const { main } = ctx;
  const full = await api("/api/graph", { entity: ctx.query.entity, limit: 2000 });
  const relTypes = [...new Set(full.edges.map((e) => e.type))].sort();
  const controls = h("form", { class: "net-controls", "aria-label": "Network filters" });
  const relBox = h("fieldset", { class: "checks" }, h("legend", {}, "Relation types"));
  const nodeBox = h("fieldset", { class: "checks" }, h("legend", {}, "Node types"));
  const minCount = h("input", { type: "number", min: "1", value: ctx.query.min_count || "1", class: "num-in", name: "min_count" });
  const checked = (param, all) => (param ? new Set(param.split(",")) : new Set(all));
  const relOn = checked(ctx.query.rel_types, relTypes);
  const nodeOn = checked(ctx.query.node_types, NODE_TYPES);
  for (const t of relTypes) {
    relBox.append(h("label", { class: "check" }, h("input", { type: "checkbox", name: "rel", value: t, checked: relOn.has(t) }),
      h("span", { class: "swatch line", style: `background:${relColor(t)}` }), t.replaceAll("_", " ")));
  }
  if (!relTypes.length) relBox.append(h("span", { class: "muted" }, "none yet"));
  for (const t of NODE_TYPES) {
    const et = entityType(t);
    nodeBox.append(h("label", { class: "check" }, h("input", { type: "checkbox", name: "node", value: t, checked: nodeOn.has(t) }),
      h("span", { class: `swatch shape-${et.shape}`, style: `background:${et.color}` }), et.label));
  }
  append(controls, [relBox, nodeBox, h("label", { class: "field" }, h("span", {}, "Min. articles"), minCount),
    ctx.query.entity ? h("div", { class: "focus-note" }, "Around ", entityLink(ctx.query.entity, ctx.query.entity), " ",
      h("a", { href: "#/network" }, "(whole network)")) : null]);
  const info = h("div", { class: "muted" });
  const cyEl = h("div", { class: "cy", id: "cy" });
  const panel = h("aside", { class: "net-panel" }, h("p", { class: "muted" },
    "Click a node to open its profile; click an edge to see the evidence."));
  main.append(h("section", { class: "page network-page" },
    h("div", { class: "page-head" }, h("h1", {}, "Actor network ", ar("شبكة الفاعلين", "ar-sub")), info),
    h("div", { class: "net-grid" }, controls, cyEl, panel)));

  let cy = null;
  const hooks = window.__marsad;

  async function draw() {
    const rels = [...relBox.querySelectorAll("input:checked")].map((i) => i.value);
    const nodes = [...nodeBox.querySelectorAll("input:checked")].map((i) => i.value);
    const params = { entity: ctx.query.entity, min_count: minCount.value || 1, limit: 2000,
      rel_types: rels.length === relTypes.length ? "" : rels.join(","),
      node_types: nodes.length === NODE_TYPES.length ? "" : nodes.join(",") || "NONE" };
    const g = relTypes.length && !rels.length ? { nodes: [], edges: [] } : await api("/api/graph", params);
    const degree = {};
    for (const e of g.edges) {
      degree[e.source] = (degree[e.source] || 0) + 1;
      degree[e.target] = (degree[e.target] || 0) + 1;
    }
    const elements = [
      ...g.nodes.map((n) => ({ data: { id: n.id, label: nodeLabel(n), type: n.type, degree: degree[n.id] || 1, raw: n } })),
      ...g.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, label: e.type.replaceAll("_", " "),
        type: e.type, count: e.article_count, color: relColor(e.type), raw: e } })),
    ];
    cy?.destroy();
    cy = window.cytoscape({ container: cyEl, elements, style: style(), wheelSensitivity: 0.3,
      layout: { name: "cose", animate: false, randomize: false, nodeDimensionsIncludeLabels: true,
        nodeRepulsion: () => 150000, idealEdgeLength: () => 75, edgeElasticity: () => 100, nodeOverlap: 12,
        gravity: 1, componentSpacing: 60, numIter: 1500, padding: 16, fit: true,
        boundingBox: { x1: 0, y1: 0, w: cyEl.clientWidth || 800, h: cyEl.clientHeight || 600 } } });
    if (ctx.query.entity) cy.getElementById(ctx.query.entity).addClass("focus");
    cy.on("tap", "node", (ev) => {
      location.hash = `#/entity/${ev.target.id()}`;
    });
    cy.on("tap", "edge", (ev) => showEdge(ev.target.data("raw"), cy));
    cy.on("mouseover", "node", () => { cyEl.style.cursor = "pointer"; });
    cy.on("mouseout", "node", () => { cyEl.style.cursor = ""; });
    fill(info, `${fmtNum(g.nodes.length)} nodes · ${fmtNum(g.edges.length)} edges`);
    hooks.cy = cy;
  }

  function showEdge(e, cyRef) {
    const name = (id) => nodeLabel(cyRef.getElementById(id).data("raw") || { id });
    fill(panel, h("h3", {}, e.type.replaceAll("_", " ")),
      h("p", {}, entityLink(e.source, name(e.source)), " → ", entityLink(e.target, name(e.target))),
      h("p", { class: "muted" }, `${e.article_count} article(s) · ${e.first_seen || "?"} → ${e.last_seen || "?"}`),
      h("ul", { class: "evidence-list" }, (e.evidence || []).map((ev) => h("li", {},
        h("blockquote", { class: "evidence", dir: "rtl", lang: "ar" }, ev.text || ""),
        h("a", { href: `#/article/${ev.article_id}` }, "open article")))));
  }

  controls.addEventListener("change", () => {
    const rels = [...relBox.querySelectorAll("input:checked")].map((i) => i.value);
    const nodes = [...nodeBox.querySelectorAll("input:checked")].map((i) => i.value);
    history.replaceState(null, "", `#/network?${new URLSearchParams({
      ...(ctx.query.entity ? { entity: ctx.query.entity } : {}),
      ...(rels.length !== relTypes.length ? { rel_types: rels.join(",") } : {}),
      ...(nodes.length !== NODE_TYPES.length ? { node_types: nodes.join(",") } : {}),
      ...(minCount.value && minCount.value !== "1" ? { min_count: minCount.value } : {}),
    })}`);
    draw();
  });
  controls.addEventListener("submit", (ev) => ev.preventDefault());

  /** Page coordinates of a node's centre (for tests and for keyboard users' tooling). */
  hooks.nodePosition = (id) => {
    const n = cy?.getElementById(id);
    if (!n || n.empty()) return null;
    const p = n.renderedPosition();
    const box = cyEl.getBoundingClientRect();
    return { x: box.left + p.x, y: box.top + p.y };
  };
  hooks.networkNodes = () => (cy ? cy.nodes().map((n) => ({ id: n.id(), label: n.data("label"), type: n.data("type") })) : []);
  hooks.networkEdges = () => (cy ? cy.edges().map((e) => ({ id: e.id(), type: e.data("type") })) : []);
  await draw();
  return {
    dispose() {
      cy?.destroy();
      for (const k of ["cy", "nodePosition", "networkNodes", "networkEdges"]) delete hooks[k];
    },
  };
}
