// #/articles (list + search) and #/article/<id> (the reader with entity and evidence highlights).

import { api } from "./api.js";
import { ENTITY_TYPES, entityType } from "./colors.js";
import { ar, clear, entityLink, errorBox, fmtNum, h, fill } from "./dom.js";
import { typeBadge } from "./widgets.js";

const PAGE = 25;

// ------------------------------------------------------------------------------------------ list
export async function articlesView(ctx) {
  const { main } = ctx;
  const input = h("input", { type: "search", name: "q", placeholder: "Search articles (any Arabic spelling) … ابحث",
    dir: "auto", "aria-label": "Search articles", class: "search-input" });
  const form = h("form", { class: "search-form", role: "search" }, input, h("button", { type: "submit" }, "Search"));
  const info = h("div", { class: "muted list-info" });
  const list = h("ol", { class: "article-list" });
  const pager = h("div", { class: "pager" });
  main.append(h("section", { class: "page articles-page" }, h("h1", {}, "Articles ", ar("المقالات", "ar-sub")),
    form, info, list, pager));
  let query = ctx.query;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    ctx.setQuery({ ...query, q: input.value.trim(), offset: "" });
  });

  async function load(q) {
    query = q;
    input.value = q.q || "";
    const offset = Math.max(0, parseInt(q.offset || "0", 10) || 0);
    let res;
    try {
      res = await api("/api/articles", { q: q.q, entity: q.entity, outlet: q.outlet, date_from: q.date_from,
        date_to: q.date_to, limit: PAGE, offset });
    } catch (err) {
      fill(list, errorBox(err));
      return;
    }
    fill(info, `${fmtNum(res.total)} article(s)`, q.q ? [" matching ", ar(q.q)] : "",
      q.entity ? [" mentioning ", entityLink(q.entity, q.entity)] : "");
    clear(list);
    list.setAttribute("start", String(offset + 1));
    for (const a of res.items) {
      list.append(h("li", { class: "article-item" },
        h("a", { href: `#/article/${a.id}`, class: "article-title", dir: "rtl", lang: "ar" }, a.title || "(untitled)"),
        h("div", { class: "muted meta" },
          ar(a.outlet_name || "unknown outlet"), a.outlet_name_en && a.outlet_name_en !== a.outlet_name ? ` (${a.outlet_name_en})` : "",
          " · ", a.published || "undated", a.byline ? [" · ", ar(a.byline)] : "",
          a.dateline ? [" · ", ar(a.dateline)] : "")));
    }
    if (!res.items.length) list.append(h("li", { class: "muted" }, "No articles."));
    pagerInto(pager, res.total, offset, PAGE, (o) => ctx.setQuery({ ...query, offset: o || "" }));
  }
  await load(ctx.query);
  return { update: load };
}

export function pagerInto(el, total, offset, size, go) {
  clear(el);
  const prev = h("button", { type: "button", disabled: offset <= 0 }, "‹ Prev");
  const next = h("button", { type: "button", disabled: offset + size >= total }, "Next ›");
  prev.addEventListener("click", () => go(Math.max(0, offset - size)));
  next.addEventListener("click", () => go(offset + size));
  el.append(prev, h("span", { class: "muted" },
    total ? ` ${fmtNum(offset + 1)}–${fmtNum(Math.min(total, offset + size))} of ${fmtNum(total)} ` : " 0 "), next);
}

// ---------------------------------------------------------------------------------------- reader
/** Mentions that can be highlighted: valid offsets, text matching the body, no overlaps (longest first). */
export function placeMentions(body, mentions) {
  const valid = mentions.filter((m) => Number.isInteger(m.start) && Number.isInteger(m.end) && m.start >= 0
    && m.end <= body.length && m.start < m.end && body.slice(m.start, m.end) === m.text);
  valid.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept = [];
  let lastEnd = -1;
  for (const m of valid) {
    if (m.start >= lastEnd) {
      kept.push(m);
      lastEnd = m.end;
    }
  }
  return kept;
}

/**
 * The body as DOM: entity highlights (<a class="ent">) and, inside and between them, atom spans split at
 * every evidence boundary so that any evidence range can be highlighted by toggling classes.
 */
function renderBody(body, mentions, ranges) {
  const cuts = new Set([0, body.length]);
  for (const m of mentions) cuts.add(m.start).add(m.end);
  for (const [s, e] of ranges) if (s >= 0 && e <= body.length && s < e) cuts.add(s).add(e);
  const points = [...cuts].sort((a, b) => a - b);
  const atoms = [];
  const atomsIn = (s, e, parent) => {
    for (let i = 0; i < points.length - 1; i++) {
      const a = points[i];
      const b = points[i + 1];
      if (a < s || b > e) continue;
      // bidi controls become visible inert markers; offsets still refer to the original body
      const el = h("span", { class: "seg" }, body.slice(a, b));
      atoms.push({ s: a, e: b, el });
      parent.append(el);
    }
  };
  const root = h("div", { class: "article-body", dir: "rtl", lang: "ar" });
  let pos = 0;
  for (const m of mentions) {
    atomsIn(pos, m.start, root);
    const t = entityType(m.type);
    const tag = m.entity_id ? "a" : "span";
    const el = h(tag, {
      class: `ent t-${m.type}`, href: m.entity_id ? `#/entity/${m.entity_id}` : null,
      title: `${t.label}${m.entity_id ? ` · ${m.entity_id}` : ""}${m.source ? ` · ${m.source}` : ""}`,
      dataset: { entityId: m.entity_id, type: m.type, start: m.start, end: m.end },
    });
    atomsIn(m.start, m.end, el);
    root.append(el);
    pos = m.end;
  }
  atomsIn(pos, body.length, root);
  return { root, atoms };
}

function legend(mentions, bodyBox) {
  const counts = {};
  for (const m of mentions) counts[m.type] = (counts[m.type] || 0) + 1;
  const items = Object.keys(ENTITY_TYPES).filter((t) => counts[t]).concat(Object.keys(counts).filter((t) => !ENTITY_TYPES[t]));
  return h("div", { class: "legend", "aria-label": "Entity types" },
    items.map((t) => {
      const et = entityType(t);
      const b = h("button", { type: "button", class: `legend-item t-${t}`, "aria-pressed": "true",
        title: "Show/hide these highlights" },
      h("span", { class: `swatch t-${t}` }), `${et.label} `, et.ar ? ar(et.ar, "muted") : null, ` ${counts[t]}`);
      b.addEventListener("click", () => {
        const off = bodyBox.classList.toggle(`off-${t}`);
        b.setAttribute("aria-pressed", off ? "false" : "true");
      });
      return b;
    }));
}

export async function readerView(ctx) {
  const { main, arg: id } = ctx;
  const a = await api(`/api/articles/${id}`);
  const body = a.body || "";
  const mentions = placeMentions(body, a.entities || []);
  const events = a.events || [];
  const relations = a.relations || [];
  const ranges = [];
  for (const e of events) {
    if (e.evidence) ranges.push([e.evidence.start, e.evidence.end]);
    if (e.trigger) ranges.push([e.trigger.start, e.trigger.end]);
  }
  for (const r of relations) ranges.push([r.evidence_start, r.evidence_end]);
  const { root, atoms } = renderBody(body, mentions, ranges);

  let pinned = null;
  const mark = (s, e, cls) => {
    for (const at of atoms) if (at.s >= s && at.e <= e) at.el.classList.add(cls);
  };
  const unmark = () => {
    for (const el of root.querySelectorAll(".ev-hl, .trig-hl")) el.classList.remove("ev-hl", "trig-hl");
  };
  const show = (item, scroll) => {
    unmark();
    for (const c of document.querySelectorAll(".side .active")) c.classList.remove("active");
    if (!item) return;
    item.card.classList.add("active");
    mark(item.s, item.e, "ev-hl");
    if (item.ts != null) mark(item.ts, item.te, "trig-hl");
    if (scroll) root.querySelector(".ev-hl")?.scrollIntoView({ block: "center", behavior: "smooth" });
  };
  const bindCard = (item) => {
    const { card } = item;
    card.addEventListener("mouseenter", () => show(item));
    card.addEventListener("focus", () => show(item));
    card.addEventListener("mouseleave", () => show(pinned));
    card.addEventListener("click", (ev) => {
      if (ev.target.closest("a")) return;
      pinned = pinned === item ? null : item;
      show(pinned || item, !!pinned);
    });
    card.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" || ev.key === " ") {
        ev.preventDefault();
        card.click();
      }
    });
  };

  const evCards = events.map((e, i) => {
    const card = h("li", { class: "ev-item", tabindex: "0", dataset: { eventIndex: i, clusterId: e.cluster_id } },
      h("div", { class: "card-head" }, h("span", { class: "num" }, `${i + 1}`), typeBadge(e),
        e.modality && e.modality !== "asserted" ? h("span", { class: `modality m-${e.modality}` }, e.modality) : null),
      h("div", { class: "ev-line" },
        e.actor1 ? entityLink(e.actor1.entity_id, e.actor1.text) : h("span", { class: "muted" }, "unknown actor"),
        e.actor2 ? [" ↔ ", entityLink(e.actor2.entity_id, e.actor2.text)] : null),
      h("div", { class: "ev-line muted" },
        e.trigger?.text ? ["trigger ", ar(e.trigger.text, "kw"), " · "] : null,
        e.location ? ["in ", ar(e.location.text, "kw"), e.location.name_en ? ` (${e.location.name_en})` : "", " · "] : null,
        e.date || "date unknown", e.fatalities != null ? ` · ${e.fatalities} killed` : "",
        e.attributed_to ? [" · per ", ar(e.attributed_to)] : null));
    const item = { card, s: e.evidence?.start ?? 0, e: e.evidence?.end ?? 0, ts: e.trigger?.start, te: e.trigger?.end };
    bindCard(item);
    return card;
  });
  const relCards = relations.map((r, i) => {
    const card = h("li", { class: "rel-item", tabindex: "0", dataset: { relationIndex: i } },
      entityLink(r.head_entity_id, r.head_text), h("span", { class: "rel-type" }, ` ${r.type.replaceAll("_", " ")} `),
      entityLink(r.tail_entity_id, r.tail_text));
    bindCard({ card, s: r.evidence_start, e: r.evidence_end });
    return card;
  });

  const outlet = a.outlet || {};
  const header = h("header", { class: "article-head" },
    h("h1", { dir: "rtl", lang: "ar", class: "article-h1" }, a.title || "(untitled)"),
    h("div", { class: "meta" },
      outlet.name ? [ar(outlet.name), outlet.name_en && outlet.name_en !== outlet.name ? ` (${outlet.name_en})` : ""] : "unknown outlet",
      " · ", a.published || "undated",
      a.byline ? [" · ", ar(a.byline)] : null, a.dateline ? [" · ", ar(a.dateline)] : null,
      a.url ? [" · ", h("a", { href: a.url, rel: "noopener noreferrer nofollow", target: "_blank" }, "original")] : null),
    h("div", { class: "meta muted" },
      h("a", { href: `#/events?article=${a.id}` }, "these events on the map"), " · ",
      `${mentions.length} highlighted mention(s)`,
      (a.entities || []).length > mentions.length ? ` (${a.entities.length - mentions.length} overlapping not shown)` : ""));
  const side = h("aside", { class: "side" },
    h("h2", {}, `Events (${events.length}) `, ar("الأحداث", "ar-sub")),
    h("p", { class: "hint muted" }, "Hover or click an event to highlight its evidence in the text."),
    events.length ? h("ol", { class: "ev-list" }, evCards) : h("p", { class: "muted" }, "No events found."),
    h("h2", {}, `Relations (${relations.length}) `, ar("العلاقات", "ar-sub")),
    relations.length ? h("ul", { class: "rel-list" }, relCards) : h("p", { class: "muted" }, "No relations found."),
    a.same_story?.length ? [h("h2", {}, "Same story elsewhere"),
      h("ul", { class: "same-story" }, a.same_story.map((s) =>
        h("li", {}, h("a", { href: `#/article/${s.id}` }, ar(s.title || s.id)), " ", h("span", { class: "muted" }, ar(s.outlet || "")))))] : null);
  const bodyBox = h("div", { class: "reader-main" }, root);
  main.append(h("section", { class: "page reader" }, header, legend(mentions, bodyBox),
    h("div", { class: "reader-grid" }, h("article", { class: "reader-article" }, bodyBox), side)));
  window.__marsad.readerMentions = () => mentions.map((m) => ({ ...m }));
  return {
    dispose() {
      delete window.__marsad.readerMentions;
    },
  };
}
