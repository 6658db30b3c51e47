// The one shared wink-nlp instance. Loading the English model takes ~200 ms and ~55 MB, so it
// happens once per process, on first use, and every analysis module borrows it. Even importing the
// model package reads it into memory (~24 MB), so the package is required on first use too: a bot
// whose analyses all come from the cache never loads it, and a large load leaves it to the pool's
// threads (a handful of new articles is still analysed, and so loads it, in the main thread).
// Only parts of speech are computed: the model's entity recogniser has no PERSON type, and it,
// negation and sentiment doubled the cost of every readDoc; sentences are split by sentences.ts, and
// wink-nlp's own boundaries changed no tag (1.1 million tokens of the evaluation kit compared).
//
// wink-nlp adds every out-of-vocabulary word it reads to its lexicon, and its tokenizer consults
// that lexicon: once "Obama's," has been read, a later "Obama's" stays one token (a proper noun)
// instead of "Obama" + "'s". So that a text's tokens and tags depend on that text alone, each
// readDoc here first forgets the words that earlier documents added, except words of letters alone
// ("Obama"): whether one of those is known changed no token or tag in any test (the evaluation kit
// read in both orders; names joined to punctuation in 1,950 ways), and adding each again to the
// lexicon for every text took two fifths of the tagger's time on news articles.
import { createRequire } from "node:module";
import winkNLP from "wink-nlp";

type WinkNlp = ReturnType<typeof winkNLP>;
type Model = Parameters<typeof winkNLP>[0];

/** A table of the model that grows with what is read (lexemes, prefixes, suffixes, shapes). */
interface Vocabulary {
  hash: Record<string, number>;
  list: string[];
  /** Set on the tables that can grow: how many values the model shipped with. */
  intrinsicSize?: number;
  /** The largest index its packed bit field holds; lexemes are not packed. */
  maxIndex?: number;
}

// Forgotten lexemes stay in the table's list, because wink-nlp's private arrays index them, so the
// instance is rebuilt once LEXEME_ROOM have been added: memory stays flat, and lexeme ids stay far
// below those its automata reserve for hints (1,080,000). Prefixes, suffixes and shapes grow too,
// but what the tokenizer and tagger decide does not depend on them; they are only kept from
// overflowing their packed bit fields, by a rebuild once half the room is used.
const LEXEME_ROOM = 100_000;

/** The added words that are kept known from one text to the next. */
const LETTERS_ONLY = /^\p{L}+$/u;

const require = createRequire(import.meta.url);

// wink-eng-lite-web-model 1.8.1's metaCER() stores its result in place of its input, so each call
// serialises the previous call's string again: the string the package keeps doubles with every
// instance built (330 MB by the twentieth, an "Invalid string length" error at the next), and a
// thread that rebuilds its instance as above runs out of memory. Every instance here is given what
// the first call returns instead, made from the package's own files.
const CER_META_MODEL = "wink-eng-lite-web-model/dist/languages/cur/models/eng-cer-meta-model.json";
const CER_TRANSFORMERS = "wink-eng-lite-web-model/dist/cer-transformers.js";
const metaCER = () => ({ machines: JSON.stringify(require(CER_META_MODEL)), transformers: require(CER_TRANSFORMERS) });

interface Loaded {
  /** wink-nlp as loaded; its readDoc remembers what it read. */
  raw: WinkNlp;
  /** What the analysis modules borrow: the same, with this module's readDoc. */
  api: WinkNlp;
  lexemes: Vocabulary;
  /** Lexemes past this index were added by earlier documents, and lookups no longer find them. */
  forgotten: number;
  /** Each growing table with the size at which the instance is rebuilt. */
  limits: { vocabulary: Vocabulary; limit: number }[];
}
let current: Loaded | undefined;

function load(): Loaded {
  const model = require("wink-eng-lite-web-model") as Model;
  const readCore = model.core as () => { features: Record<string, Vocabulary> };
  let features: Record<string, Vocabulary> = {};
  // Each instance unpacks its own copy of the core model; keeping a reference exposes its tables.
  const core = () => {
    const read = readCore();
    features = read.features;
    return read;
  };
  const raw = winkNLP({ ...model, core, metaCER } as Model, ["pos"]);
  const lexemes = features.lexeme;
  if (lexemes?.intrinsicSize === undefined)
    throw new Error("wink-nlp: the model's lexicon was not found (wink-eng-lite-web-model 1.x expected)");
  const limits = Object.values(features).flatMap((vocabulary) => {
    const shipped = vocabulary.intrinsicSize;
    if (shipped === undefined) return [];
    const room = vocabulary.maxIndex === undefined ? LEXEME_ROOM : Math.floor((vocabulary.maxIndex - shipped) / 2);
    return [{ vocabulary, limit: shipped + room }];
  });
  return { raw, api: { ...raw, readDoc }, lexemes, forgotten: lexemes.intrinsicSize, limits };
}

/** wink-nlp's readDoc, reading `text` as if it were the first text this process has read. */
function readDoc(text: string): ReturnType<WinkNlp["readDoc"]> {
  if (!current || current.limits.some(({ vocabulary, limit }) => vocabulary.list.length > limit)) current = load();
  const { hash, list } = current.lexemes;
  for (let k = current.forgotten; k < list.length; k++) {
    const word = list[k]!;
    if (!LETTERS_ONLY.test(word)) delete hash[word];
  }
  current.forgotten = list.length;
  return current.raw.readDoc(text);
}

export function nlp(): WinkNlp {
  current ??= load();
  return current.api;
}
