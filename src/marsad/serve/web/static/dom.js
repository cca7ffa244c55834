// DOM helpers. Every piece of data reaches the page through text nodes (never innerHTML), and
// directional-formatting controls (embeddings, overrides, isolates) are shown as visible markers so
// that a stray U+202E in an article cannot reorder the text around it.

const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** The string with bidi embedding/override/isolate controls replaced by visible markers. */
export function visible(s) {
  return String(s).replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0).toString(16).toUpperCase()}]`);
}

/** Nodes for untrusted text: text nodes, with each bidi control as a visible, styled marker. */
export function visibleNodes(s) {
  const str = String(s ?? "");
  const out = [];
  let last = 0;
  for (const m of str.matchAll(BIDI_CONTROLS)) {
    if (m.index > last) out.push(document.createTextNode(str.slice(last, m.index)));
    const span = document.createElement("span");
    span.className = "bidi-ctl";
    span.title = "directional formatting character (shown, not applied)";
    span.textContent = visible(m[0]);
    out.push(span);
    last = m.index + m[0].length;
  }
  if (last < str.length || !out.length) out.push(document.createTextNode(str.slice(last)));
  return out;
}

/** A text node for untrusted data. */
export function text(s) {
  return document.createTextNode(visible(s ?? ""));
}

/** Only http(s) links, same-page hashes and site-relative paths; anything else becomes "#". */
export function safeHref(url) {
  const s = String(url ?? "").trim();
  if (s.startsWith("#") || (s.startsWith("/") && !s.startsWith("//"))) return s;
  try {
    const u = new URL(s);
    if (u.protocol === "http:" || u.protocol === "https:") return u.href;
  } catch (_) {
    /* not a URL */
  }
  return "#";
}

/**
 * Create an element: h("a", {href: "#/x", class: "c", dataset: {id: 1}, onclick: fn}, "child", node).
 * String children become text nodes; null/false children are skipped; arrays are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "dataset") for (const [dk, dv] of Object.entries(v)) { if (dv != null) el.dataset[dk] = String(dv); }
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "href") el.setAttribute("href", safeHref(v));
    else if (k === "text") el.append(text(v));
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    if (c instanceof Node) el.append(c);
    else el.append(...visibleNodes(c));
  }
  return el;
}

/** Arabic (or unknown-direction) text as an isolated inline run. */
export function ar(s, cls) {
  return h("bdi", { dir: "auto", lang: "ar", class: cls }, s ?? "");
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fmtNum(n) {
  return n === null || n === undefined ? "—" : Number(n).toLocaleString("en-US");
}

/** A link to an entity profile (or plain text when there is no id). */
export function entityLink(id, label, cls) {
  if (!id) return ar(label || "—", cls);
  return h("a", { href: `#/entity/${id}`, class: cls, dataset: { entityId: id } }, ar(label || id));
}

export function errorBox(err) {
  return h("div", { class: "error", role: "alert" }, "Could not load: ", String(err?.message || err));
}

/** Replace an element's children (same rules as h(): text nodes, arrays flattened, nulls skipped). */
export function fill(el, ...children) {
  return append(clear(el), children);
}
