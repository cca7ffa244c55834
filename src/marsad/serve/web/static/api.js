// Thin client for the Marsad REST API (same origin).

/** Query string from an object, dropping empty values. */
export function qs(params) {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === null || v === undefined || v === "") continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : "";
}

export async function api(path, params) {
  const r = await fetch(path + qs(params), { headers: { Accept: "application/json" } });
  if (!r.ok) {
    let detail = r.statusText;
    try {
      detail = (await r.json()).detail || detail;
    } catch (_) {
      /* not JSON */
    }
    throw new Error(`${r.status}: ${detail}`);
  }
  return r.json();
}

let configPromise = null;
export function getConfig() {
  configPromise ??= api("/api/config").catch(() => ({ tile_url: null, write_enabled: false }));
  return configPromise;
}

/** Every fused event matching a filter (pages of 500), up to `cap`; for the map. */
export async function allEvents(filter, cap = 5000) {
  const out = [];
  let total = 0;
  for (let offset = 0; offset < cap; offset += 500) {
    const page = await api("/api/events", { ...filter, limit: 500, offset, sort: "id" });
    total = page.total;
    out.push(...page.items);
    if (out.length >= total || page.items.length === 0) break;
  }
  return { total, items: out };
}
