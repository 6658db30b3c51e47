// Opens a Corpus over a folder on a store, as the bot and the CLI do, for tests.
import { resolve } from "node:path";
import { Corpus, type CorpusOptions } from "../../src/library/corpus.js";
import { CorpusStore } from "../../src/store/corpus-store.js";
import { BACKENDS } from "./stores.js";

export type TestCorpusOptions = Omit<CorpusOptions, "library"> & { url?: string };

/** The corpus of `options.dir` in the store at `url` (default: a new SQLite store). Close the store when done. */
export async function openTestCorpus({
  url,
  ...options
}: TestCorpusOptions): Promise<{ corpus: Corpus; store: CorpusStore }> {
  const store = await CorpusStore.open(url ?? (await BACKENDS[0]!.freshUrl()));
  try {
    return { corpus: await Corpus.open({ ...options, library: await store.library(resolve(options.dir)) }), store };
  } catch (error) {
    await store.close();
    throw error;
  }
}
