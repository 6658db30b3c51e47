// How a person's name is compared, wherever names are looked up (quote analysis, the speaker
// lookups over the store): case, accents, periods and a possessive dropped, and middle initials
// left out of the identity. Pure functions, so any backend can call them.

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
