// How a speaker's name is matched across articles: one identity per person however each article
// names them. Names merge on a normalised form (case, accents, periods and middle initials
// dropped), so "Donald J. Trump" and "Donald Trump" are one identity; the store keeps mentions by
// identity and the Corpus decides which one-word names join a full name.
import { nameIdentity, normalizeName } from "./name-match.js";
import type { Quote } from "./types.js";

export { normalizeName };

export const SPEAKER_KEY_MAX = 100;

/** The words that identify a person: the normalised name without middle initials, joined by spaces. */
export function identityOf(name: string): string {
  return nameIdentity(normalizeName(name)).join(" ");
}

/** A stable key ≤ 100 characters, usable as a Discord autocomplete value. */
export function speakerKey(identity: string): string {
  const s = identity.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-|-$/g, "");
  return (s || "speaker").slice(0, SPEAKER_KEY_MAX);
}

/** A person's quote as the store indexes it: identity, name and the terms a prefix lookup finds it by. */
export interface SpeakerMention {
  position: number;
  identity: string;
  name: string;
  role?: string;
  quote: Quote;
  /** The normalised name and each of its words. */
  terms: string[];
}

/** The person quotes of an article as mentions; groups ("U.S. officials") are left out. */
export function speakerMentions(quotes: readonly Quote[]): SpeakerMention[] {
  return quotes.flatMap((quote, position) => {
    if (quote.speakerType !== "person") return [];
    const identity = identityOf(quote.speaker);
    if (!identity) return [];
    const normalized = normalizeName(quote.speaker);
    const mention: SpeakerMention = {
      position,
      identity,
      name: quote.speaker,
      quote,
      terms: [...new Set([normalized, ...normalized.split(" ")])],
    };
    if (quote.role) mention.role = quote.role;
    return [mention];
  });
}

/** The first and last word of a full name: a one-word mention that is one of them may be this person. */
export function nameEnds(identity: string): string[] {
  const words = identity.split(" ");
  return words.length < 2 ? [] : [...new Set([words[0]!, words[words.length - 1]!])];
}
