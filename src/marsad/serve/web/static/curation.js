// Analyst curation and watchlists in the workbench.
//   #/curation      who you are + API token, watch rules, alerts (Atom feed), the corrections log (undo)
// and, on other views (added without changing them, through a MutationObserver on <main>):
//   events table    an opened event gets "Curate": its reports with Reject / Confirm / Change type
//   actor profile   a "Curation" block: corrections so far, Merge into…, Add alias
// Writes need the operator's API token (kept in sessionStorage) and the analyst's name (localStorage).

import { api } from "./api.js";
import { ar, clear, errorBox, fill, h } from "./dom.js";

const SUB_TYPES = {
  Battles: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
    "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  Protests: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"],
};

const hooks = (window.__marsad = window.__marsad || {});

// ------------------------------------------------------------------------------ identity + writes
export function identity() {
  return { by: localStorage.getItem("marsad.by") || "", token: sessionStorage.getItem("marsad.token") || "" };
}

function identityForm(onSaved) {
  const id = identity();
  const by = h("input", { name: "by", placeholder: "your name", value: id.by, autocomplete: "username" });
  const token = h("input", { name: "token", type: "password", placeholder: "API token", value: id.token,
    autocomplete: "current-password" });
  const status = h("span", { class: "muted cur-id-status" }, id.by && id.token ? `signed as ${id.by}` : "");
  const form = h("form", { class: "cur-identity" }, h("label", {}, "Analyst ", by), h("label", {}, "Token ", token),
    h("button", { type: "submit" }, "Save"), status);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    localStorage.setItem("marsad.by", by.value.trim());
    sessionStorage.setItem("marsad.token", token.value.trim());
    fill(status, `signed as ${by.value.trim()}`);
    onSaved?.();
  });
  return form;
}

async function post(path, body) {
  const { token } = identity();
  const r = await fetch(path, { method: "POST", body: JSON.stringify(body ?? {}),
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` } });
  let data = null;
  try {
    data = await r.json();
  } catch (_) {
    /* no body */
  }
  if (!r.ok) throw new Error(`${r.status}: ${(data && data.detail) || r.statusText}`);
  return data;
}

/** Append a correction to the log (it is applied at once). */
export function correct(kind, target, payload, why) {
  const { by } = identity();
  if (!by) return Promise.reject(new Error("set your name and the API token on the Curation page first"));
  return post("/api/curation/corrections", { kind, target, payload: payload || {}, by, why: why || null });
}

function rerender() {
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

function whyInput() {
  return h("input", { class: "cur-why", placeholder: "why (optional)", maxlength: "4000" });
}

// ------------------------------------------------------------------------------ events: curate reports
function reportItem(rep, status) {
  const cur = rep.curation;
  const why = whyInput();
  const typeSel = h("select", { class: "cur-type" }, Object.entries(SUB_TYPES).map(([et, subs]) =>
    h("optgroup", { label: et }, subs.map((s) => h("option", { value: s, selected: s === rep.sub_event_type }, s)))));
  const act = (kind, payload) => async () => {
    fill(status, "saving…");
    try {
      await correct(kind, { event_key: rep.event_key }, payload, why.value.trim());
      fill(status, `${kind.replace("_event", "")}ed`);
      hooks.curationDone = (hooks.curationDone || 0) + 1;
      rerender();
    } catch (err) {
      fill(status, errorBox(err));
    }
  };
  return h("li", { class: "cur-report", dataset: { eventKey: rep.event_key, status: cur?.status || "machine" } },
    h("div", {}, h("b", {}, rep.sub_event_type), " · ", ar(rep.actor1?.text || "—"), " · ",
      ar(rep.location?.text || "—"), " · ", rep.date || "—"),
    cur ? h("div", { class: "cur-note" }, `${cur.status} by ${cur.corrected_by} (${cur.at})`,
      cur.why ? ` — ${cur.why}` : "",
      Object.keys(cur.original || {}).length ? ` · machine: ${JSON.stringify(cur.original)}` : "") : null,
    h("div", { class: "cur-actions" },
      h("button", { type: "button", class: "cur-reject", onclick: act("reject_event") }, "Reject"),
      h("button", { type: "button", class: "cur-confirm", onclick: act("confirm_event") }, "Confirm"),
      typeSel,
      h("button", { type: "button", class: "cur-retype", onclick: () => act("set_event", { sub_event_type: typeSel.value })() },
        "Change type"),
      why));
}

function enhanceEventDetail(tr) {
  const row = tr.previousElementSibling;
  const id = row?.dataset?.eventId;
  if (!id || tr.dataset.curation) return;
  tr.dataset.curation = "1";
  const box = h("div", { class: "cur-box" });
  const status = h("span", { class: "muted cur-status" });
  const btn = h("button", { type: "button", class: "cur-open" }, "Curate…");
  btn.addEventListener("click", async () => {
    fill(box, "loading…");
    try {
      const res = await api("/api/curation/events", { cluster_id: id });
      fill(box, h("ul", { class: "cur-reports" }, res.items.map((r) => reportItem(r, status))), status);
    } catch (err) {
      fill(box, errorBox(err));
    }
  });
  tr.querySelector("td")?.append(h("div", { class: "cur-event" }, btn, box));
}

// ------------------------------------------------------------------------------ actor profile
function entityPanel(entityId) {
  const panel = h("div", { class: "block cur-entity" }, h("h2", {}, "Curation ", ar("التنقيح", "ar-sub")));
  const body = h("div", {});
  const status = h("div", { class: "muted cur-status" });
  const into = h("input", { name: "into", placeholder: "entity id to merge into, e.g. grp:nujaba" });
  const alias = h("input", { name: "alias", placeholder: "new alias", dir: "auto" });
  const why = whyInput();
  const run = (kind, target, payload) => async (e) => {
    e.preventDefault();
    fill(status, "saving…");
    try {
      const res = await correct(kind, target, payload(), why.value.trim());
      fill(status, `${kind} saved (${res.uid})`);
      hooks.curationDone = (hooks.curationDone || 0) + 1;
      await load();
    } catch (err) {
      fill(status, errorBox(err));
    }
  };
  const mergeForm = h("form", { class: "cur-merge" }, into, h("button", { type: "submit" }, "Merge into"));
  mergeForm.addEventListener("submit", run("merge_entities", { entity_id: entityId }, () => ({ into: into.value.trim() })));
  const aliasForm = h("form", { class: "cur-alias" }, alias, h("button", { type: "submit" }, "Add alias"));
  aliasForm.addEventListener("submit", run("add_alias", { entity_id: entityId }, () => ({ alias: alias.value.trim() })));
  async function load() {
    try {
      const res = await api(`/api/curation/entities/${encodeURIComponent(entityId)}`);
      const c = res.curation;
      fill(body, c ? [
        c.merged_into ? h("p", { class: "cur-merged" }, "Merged into ", h("a", { href: `#/entity/${encodeURIComponent(c.merged_into)}` },
          c.merged_into)) : null,
        h("ul", { class: "cur-list" }, c.corrections.map((x) => h("li", {}, `${x.kind} by ${x.by} (${x.at})`,
          x.why ? ` — ${x.why}` : ""))),
      ] : h("p", { class: "muted" }, "No corrections."));
    } catch (err) {
      fill(body, errorBox(err));
    }
  }
  load();
  panel.append(body, mergeForm, aliasForm, why, status);
  return panel;
}

function enhanceEntity(page) {
  if (page.dataset.curation) return;
  page.dataset.curation = "1";
  const m = /^#\/entity\/([^?]+)/.exec(location.hash);
  if (!m) return;
  page.append(entityPanel(decodeURIComponent(m[1])));
}

function enhance(root) {
  for (const tr of root.querySelectorAll("tr.detail:not([data-curation])")) enhanceEventDetail(tr);
  const ent = root.querySelector(".entity-page:not([data-curation])");
  if (ent) enhanceEntity(ent);
}

function observe() {
  const main = document.getElementById("main");
  if (!main) return;
  new MutationObserver(() => enhance(main)).observe(main, { childList: true, subtree: true });
  enhance(main);
}
if (document.readyState === "loading") window.addEventListener("DOMContentLoaded", observe);
else observe();

// ------------------------------------------------------------------------------ #/curation view
function ruleForm(onDone) {
  const f = {
    name: h("input", { name: "name", placeholder: "rule name", required: true }),
    actor: h("input", { name: "actor", placeholder: "actor id or name", dir: "auto" }),
    actor_sponsor: h("input", { name: "actor_sponsor", placeholder: "sponsor id, e.g. grp:irgc" }),
    actor_kind: h("input", { name: "actor_kind", placeholder: "kind, e.g. militia" }),
    place: h("input", { name: "place", placeholder: "place or governorate", dir: "auto" }),
    event_type: h("input", { name: "event_type", placeholder: "event or sub-event type" }),
  };
  const newPlace = h("input", { type: "checkbox", name: "new_place" });
  const status = h("span", { class: "muted" });
  const form = h("form", { class: "cur-rule-form" }, Object.values(f),
    h("label", {}, newPlace, " only first-ever actor–place pairs"), h("button", { type: "submit" }, "Add rule"), status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const criteria = {};
    for (const [k, el] of Object.entries(f)) if (k !== "name" && el.value.trim()) criteria[k] = el.value.trim();
    if (newPlace.checked) criteria.new_place = true;
    try {
      await post("/api/watch/rules", { name: f.name.value.trim(), criteria, by: identity().by || "web" });
      fill(status, "rule added");
      onDone();
    } catch (err) {
      fill(status, errorBox(err));
    }
  });
  return form;
}

export async function curationView(ctx) {
  const { main } = ctx;
  const rules = h("ul", { class: "cur-rules" });
  const alerts = h("ol", { class: "cur-alerts" });
  const logT = h("table", { class: "cur-log" });
  async function load() {
    try {
      const [r, a, l] = await Promise.all([api("/api/watch/rules"), api("/api/alerts", { limit: 100 }),
        api("/api/curation/log", { limit: 200 })]);
      fill(rules, r.items.length ? r.items.map((x) => h("li", { dataset: { ruleId: x.id } }, h("b", {}, x.name), " ",
        h("code", {}, JSON.stringify(Object.fromEntries(Object.entries(x.criteria).filter(([k]) => !k.endsWith("_keys") && k !== "actor_ids")))),
        x.active ? "" : " (inactive)")) : h("li", { class: "muted" }, "No watch rules."));
      fill(alerts, a.items.length ? a.items.map((x) => h("li", { dataset: { alertId: x.id } },
        h("span", { dir: "auto" }, x.title),
        h("span", { class: "muted" }, ` · ${x.created_at}${x.delivered ? " · delivered" : ""}`)))
        : h("li", { class: "muted" }, "No alerts yet."));
      clear(logT);
      logT.append(h("thead", {}, h("tr", {}, ["When", "Who", "Kind", "Target", "Why", "State", ""].map((c) => h("th", {}, c)))));
      logT.append(h("tbody", {}, l.items.map((e) => {
        const undo = e.kind !== "undo" && e.state !== "undone" ? h("button", { type: "button", class: "cur-undo",
          onclick: async () => {
            try {
              await post(`/api/curation/corrections/${e.uid}/undo`, { by: identity().by || "web", why: null });
              load();
            } catch (err) {
              alert(String(err));
            }
          } }, "Undo") : null;
        return h("tr", { dataset: { uid: e.uid, state: e.state } }, h("td", { class: "nowrap" }, e.at), h("td", {}, e.by),
          h("td", {}, e.kind), h("td", {}, h("code", {}, e.target.entity_id || e.target.event_key || e.target.correction_uid)),
          h("td", { dir: "auto" }, e.why || ""), h("td", { class: `state-${e.state}` }, e.state), h("td", {}, undo));
      })));
    } catch (err) {
      fill(rules, errorBox(err));
    }
  }
  main.append(h("section", { class: "page curation-page" },
    h("div", { class: "page-head" }, h("h1", {}, "Curation & alerts ", ar("التنقيح والتنبيهات", "ar-sub"))),
    identityForm(load),
    h("div", { class: "block" }, h("h2", {}, "Watch rules"), rules, ruleForm(load)),
    h("div", { class: "block" }, h("h2", {}, "Alerts ", h("a", { href: "/api/alerts.atom", class: "muted" }, "Atom feed")), alerts),
    h("div", { class: "block" }, h("h2", {}, "Corrections log ", h("a", { href: "/api/curation/log.jsonl", class: "muted" },
      "export JSONL")), h("div", { class: "table-scroll" }, logT))));
  await load();
  return { update: load };
}

export const curationRoutes = [["curation", /^\/curation$/, curationView]];
