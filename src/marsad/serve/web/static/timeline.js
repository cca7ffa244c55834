// A stacked-bar timeline drawn as SVG, with an optional brush: drag across it (or click a bar) to
// pick a date range.

import { EVENT_TYPES, eventColor } from "./colors.js";
import { clear, h } from "./dom.js";

const NS = "http://www.w3.org/2000/svg";
const DAY = 86400000;

function svg(tag, attrs, ...kids) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) if (v != null) el.setAttribute(k, String(v));
  for (const k of kids) if (k != null) el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  return el;
}

export function parseDay(s) {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(s || "");
  return m ? Date.UTC(+m[1], +m[2] - 1, m[3] ? +m[3] : 1) : null;
}

export function fmtDay(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function bucketStart(ms, unit) {
  ms = Math.floor(ms / DAY) * DAY;
  const d = new Date(ms);
  if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  if (unit === "week") return ms - ((d.getUTCDay() + 6) % 7) * DAY;
  return ms;
}

function bucketNext(ms, unit) {
  const d = new Date(ms);
  if (unit === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  return ms + (unit === "week" ? 7 : 1) * DAY;
}

export function chooseUnit(minMs, maxMs) {
  const days = (maxMs - minMs) / DAY;
  if (days <= 120) return "day";
  if (days <= 1100) return "week";
  return "month";
}

function ticks(lo, hi) {
  const years = (hi - lo) / (365 * DAY);
  const out = [];
  const d = new Date(lo);
  if (years > 4) {
    const step = Math.ceil(years / 8);
    for (let y = d.getUTCFullYear(); Date.UTC(y, 0, 1) <= hi; y += step) {
      const t = Date.UTC(y, 0, 1);
      if (t >= lo) out.push([t, String(y)]);
    }
  } else if ((hi - lo) / DAY > 45) {
    const months = Math.max(1, Math.ceil((years * 12) / 8));
    for (let t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); t <= hi;) {
      if (t >= lo) out.push([t, fmtDay(t).slice(0, 7)]);
      const x = new Date(t);
      t = Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + months, 1);
    }
  } else {
    const step = Math.max(1, Math.ceil((hi - lo) / DAY / 8));
    for (let t = lo; t <= hi; t += step * DAY) out.push([t, fmtDay(t).slice(5)]);
  }
  return out;
}

/**
 * Draw rows [{date, event_type, count}] into `container`.
 * opts: {height, onBrush(from, to), unit ("auto"|"day"|"week"|"month"), title}
 * Returns {unit, from, to, total} (the drawn domain) or null when there is nothing to draw.
 */
export function drawTimeline(container, rows, opts = {}) {
  clear(container);
  const dated = rows.filter((r) => parseDay(r.date) !== null);
  if (!dated.length) {
    container.append(h("div", { class: "muted timeline-empty" }, "No dated events for this filter."));
    return null;
  }
  const days = dated.map((r) => parseDay(r.date));
  const minMs = Math.min(...days);
  const maxMs = Math.max(...days);
  const unit = !opts.unit || opts.unit === "auto" ? chooseUnit(minMs, maxMs) : opts.unit;
  const buckets = new Map();
  for (const r of dated) {
    const b = bucketStart(parseDay(r.date), unit);
    const m = buckets.get(b) || {};
    m[r.event_type] = (m[r.event_type] || 0) + r.count;
    buckets.set(b, m);
  }
  const lo = bucketStart(minMs, unit);
  const hi = bucketNext(bucketStart(maxMs, unit), unit);
  const W = Math.max(320, container.clientWidth || 900);
  const H = opts.height || 130;
  const pad = { l: 34, r: 10, t: 8, b: 22 };
  const sx = (ms) => pad.l + ((ms - lo) / (hi - lo)) * (W - pad.l - pad.r);
  const invert = (x) => lo + ((x - pad.l) / (W - pad.l - pad.r)) * (hi - lo);
  let maxTotal = 1;
  for (const m of buckets.values()) maxTotal = Math.max(maxTotal, Object.values(m).reduce((a, b) => a + b, 0));
  const sy = (n) => ((H - pad.t - pad.b) * n) / maxTotal;

  const root = svg("svg", { width: W, height: H, class: "timeline", role: "img",
    "aria-label": opts.title || "Events over time" });
  root.dataset.unit = unit;
  root.dataset.from = fmtDay(lo);
  root.dataset.to = fmtDay(hi - DAY);
  const order = [...EVENT_TYPES];
  for (const m of buckets.values()) for (const t of Object.keys(m)) if (!order.includes(t)) order.push(t);
  const bars = svg("g", { class: "bars" });
  let total = 0;
  for (const [b, m] of [...buckets.entries()].sort((a, c) => a[0] - c[0])) {
    const x0 = sx(b);
    const w = Math.max(1, sx(bucketNext(b, unit)) - x0 - (unit === "day" && W / ((hi - lo) / DAY) < 4 ? 0 : 1));
    let y = H - pad.b;
    for (const t of order) {
      const n = m[t];
      if (!n) continue;
      total += n;
      const hh = sy(n);
      y -= hh;
      bars.append(svg("rect", { x: x0, y, width: w, height: Math.max(hh, 0.5), fill: eventColor(t), class: "bar" },
        svg("title", {}, `${fmtDay(b)}${unit !== "day" ? ` (${unit})` : ""} · ${t}: ${n}`)));
    }
  }
  root.append(bars);
  const axis = svg("g", { class: "axis" });
  axis.append(svg("line", { x1: pad.l, x2: W - pad.r, y1: H - pad.b + 0.5, y2: H - pad.b + 0.5 }));
  for (const [t, label] of ticks(lo, hi)) {
    axis.append(svg("line", { x1: sx(t), x2: sx(t), y1: H - pad.b, y2: H - pad.b + 4 }));
    const x = sx(t);
    const anchor = x > W - pad.r - 20 ? "end" : x < pad.l + 20 ? "start" : "middle";
    axis.append(svg("text", { x, y: H - 6, "text-anchor": anchor }, label));
  }
  axis.append(svg("text", { x: pad.l - 4, y: pad.t + 9, "text-anchor": "end" }, String(maxTotal)));
  axis.append(svg("text", { x: pad.l - 4, y: H - pad.b, "text-anchor": "end" }, "0"));
  root.append(axis);

  if (opts.onBrush) {
    const sel = svg("rect", { class: "brush-sel", y: pad.t, height: H - pad.t - pad.b, x: 0, width: 0, visibility: "hidden" });
    const overlay = svg("rect", { class: "brush-overlay", x: pad.l, y: 0, width: W - pad.l - pad.r, height: H,
      fill: "transparent" });
    root.append(sel, overlay);
    let start = null;
    const localX = (ev) => {
      const box = root.getBoundingClientRect();
      return Math.min(W - pad.r, Math.max(pad.l, ev.clientX - box.left));
    };
    overlay.addEventListener("pointerdown", (ev) => {
      start = localX(ev);
      overlay.setPointerCapture?.(ev.pointerId);
      sel.setAttribute("x", start);
      sel.setAttribute("width", 0);
      sel.setAttribute("visibility", "visible");
    });
    overlay.addEventListener("pointermove", (ev) => {
      if (start === null) return;
      const x = localX(ev);
      sel.setAttribute("x", Math.min(start, x));
      sel.setAttribute("width", Math.abs(x - start));
    });
    overlay.addEventListener("pointerup", (ev) => {
      if (start === null) return;
      const x = localX(ev);
      const a = Math.min(start, x);
      const b = Math.max(start, x);
      start = null;
      const first = bucketStart(invert(a), unit);
      const last = bucketStart(Math.min(invert(b), hi - 1), unit);
      const from = Math.max(lo, first);
      const to = Math.min(hi, bucketNext(b - a < 3 ? first : last, unit)) - DAY;
      opts.onBrush(fmtDay(from), fmtDay(to));
    });
  }
  container.append(root);
  return { unit, from: fmtDay(lo), to: fmtDay(hi - DAY), total };
}
