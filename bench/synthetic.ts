// Deterministic synthetic news articles for the speed benchmarks: a seeded generator writes
// CNN/DM-length stories (about 30 sentences, quotes and named speakers included) so that the
// benchmarks run anywhere, without the evaluation kit's copyrighted text.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const FIRST = ["Maria", "James", "Wei", "Amara", "Carlos", "Priya", "Tomas", "Keiko", "Omar", "Elena"];
const LAST = ["Alvarez", "Okafor", "Lindqvist", "Chen", "Haddad", "Novak", "Sato", "Brennan", "Mensah", "Rossi"];
const ROLES = ["Finance Minister", "Mayor", "Senator", "union leader", "chief executive", "Health Secretary"];
const TOPICS = [
  "tariffs",
  "flooding",
  "the election",
  "rail strike",
  "energy prices",
  "housing",
  "the budget",
  "vaccines",
];
const PLACES = ["Lisbon", "Nairobi", "Osaka", "Denver", "Krakow", "Lima", "Perth", "Accra"];
const VERBS = ["said", "told reporters", "added", "warned", "argued"];
const CLAUSES = [
  "the plan would cost {n} billion dollars over five years",
  "officials in {place} expected a decision on {topic} by Friday",
  "negotiations over {topic} had stalled after a late-night session",
  "the council approved {n} new measures to address {topic}",
  "residents of {place} were told to prepare for further disruption",
  "analysts said {topic} would dominate the coming weeks",
];

/** A small seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticArticle {
  id: string;
  title: string;
  body: string;
  publishedAt: string;
}

export function syntheticArticle(n: number): SyntheticArticle {
  const r = random(n + 1);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const fill = (s: string) =>
    s
      .replace("{n}", String(2 + Math.floor(r() * 90)))
      .replace("{place}", pick(PLACES))
      .replace("{topic}", pick(TOPICS));
  const topic = pick(TOPICS);
  const place = pick(PLACES);
  const people = [0, 1, 2].map(() => ({ name: `${pick(FIRST)} ${pick(LAST)}`, role: pick(ROLES) }));
  const paragraphs: string[] = [];
  paragraphs.push(
    `${place} officials reached a provisional agreement on ${topic} on Monday, after ${fill("{n}")} hours of talks.`,
  );
  for (let p = 0; p < 12; p++) {
    const person = pick(people);
    const surname = person.name.split(" ")[1]!;
    const clause = fill(pick(CLAUSES));
    const kind = p % 3;
    if (kind === 0)
      paragraphs.push(
        `${person.role} ${person.name} ${pick(VERBS)} that ${clause}. ${fill(pick(CLAUSES)).replace(/^./, (c) => c.toUpperCase())}.`,
      );
    else if (kind === 1)
      paragraphs.push(`“We expect ${clause},” ${surname} said. “There is still work to do on ${topic}.”`);
    else
      paragraphs.push(
        `${fill(pick(CLAUSES)).replace(/^./, (c) => c.toUpperCase())}, according to a statement. He said ${fill(pick(CLAUSES))}.`,
      );
  }
  const day = 1 + (n % 28);
  return {
    id: `synthetic-${n}`,
    title: `${place} agrees ${topic} deal after marathon talks (${n})`,
    body: paragraphs.join("\n\n"),
    publishedAt: `2026-${String(1 + (n % 12)).padStart(2, "0")}-${String(day).padStart(2, "0")}T08:00:00Z`,
  };
}

/** Writes `count` articles as .json files into `dir`. */
export function writeSyntheticCorpus(dir: string, count: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const a = syntheticArticle(i);
    writeFileSync(join(dir, `${a.id}.json`), JSON.stringify({ ...a, source: "Synthetic Wire" }));
  }
}
