// How a person's name is compared, wherever names are looked up (the speaker index, a store
// query's caller): case, accents, periods and a possessive dropped, and a query matching any
// contiguous part of a name ("von der Leyen", "Leyen" and "ursula von der leyen" all find
// "Ursula von der Leyen"). Pure functions, so any backend can call them.

/** Lower case, no accents, no periods, no possessive; words joined by single spaces. */
export function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’]s$/u, "")
    .replace(/[.]/g, "")
    .split(/[^\p{L}\p{N}'’-]+/u)
    .filter(Boolean)
    .join(" ");
}

/** The words that identify a person: the normalised name without middle initials. */
export function nameIdentity(normalized: string): string[] {
  const words = normalized.split(" ").filter(Boolean);
  if (words.length <= 2) return words;
  const first = words[0] ?? "";
  const last = words[words.length - 1] ?? "";
  return [first, ...words.slice(1, -1).filter((w) => w.length > 1), last];
}

/** True when the query's words are a contiguous run of the name's words, compared normalised. */
export function matchesNamePart(query: string, name: string): boolean {
  const q = normalizeName(query).split(" ").filter(Boolean);
  const n = normalizeName(name).split(" ").filter(Boolean);
  if (q.length === 0) return false;
  for (let i = 0; i + q.length <= n.length; i++) {
    if (q.every((w, k) => n[i + k] === w)) return true;
  }
  return false;
}
