// Colours and labels shared by every view.

export const EVENT_COLORS = {
  Battles: "#c62828",
  "Explosions/Remote violence": "#ef6c00",
  "Violence against civilians": "#6a1b9a",
  Protests: "#2e7d32",
  Riots: "#795548",
  "Strategic developments": "#1565c0",
};
export const EVENT_TYPES = Object.keys(EVENT_COLORS);

export function eventColor(type) {
  return EVENT_COLORS[type] || "#607d8b";
}

export const ENTITY_TYPES = {
  PERSON: { label: "Person", ar: "شخص", color: "#1e6fd9", shape: "ellipse" },
  ARMED_GROUP: { label: "Armed group", ar: "جماعة مسلحة", color: "#d32f2f", shape: "round-rectangle" },
  ORGANIZATION: { label: "Organisation", ar: "منظمة", color: "#7b3fb5", shape: "diamond" },
  LOCATION: { label: "Place", ar: "مكان", color: "#2e7d32", shape: "triangle" },
  FACILITY: { label: "Facility", ar: "منشأة", color: "#b8650a", shape: "hexagon" },
  DATE: { label: "Date", ar: "تاريخ", color: "#00838f", shape: "ellipse" },
  QUANTITY: { label: "Quantity", ar: "عدد", color: "#8d6e00", shape: "ellipse" },
};

export function entityType(t) {
  return ENTITY_TYPES[t] || { label: t || "Other", ar: "", color: "#607d8b", shape: "ellipse" };
}

export const ARABIC_FONTS = '"Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", sans-serif';

/** ACLED event types and their sub-event types (the filter menu). */
export const ACLED_TAXONOMY = {
  Battles: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": ["Chemical weapon", "Air/drone strike", "Suicide bomb",
    "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  Protests: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Strategic developments": ["Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
    "Headquarters or base established", "Looting/property destruction", "Non-violent transfer of territory", "Other"],
};
