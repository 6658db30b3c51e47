// The one shared wink-nlp instance. Loading the English model takes ~200 ms and ~55 MB, so it
// happens once per process, on first use, and every analysis module borrows it. Even importing the
// model package reads it into memory (~24 MB), so the package is required on first use too: a bot
// whose analyses all come from the cache never loads it, and a large load leaves it to the pool's
// threads (a handful of new articles is still analysed, and so loads it, in the main thread).
// Only sentence boundaries and parts of speech are computed: the model's entity recogniser has no
// PERSON type, and it, negation and sentiment doubled the cost of every readDoc.
import { createRequire } from "node:module";
import winkNLP from "wink-nlp";

type WinkNlp = ReturnType<typeof winkNLP>;
type Model = Parameters<typeof winkNLP>[0];

const require = createRequire(import.meta.url);
let instance: WinkNlp | undefined;

export function nlp(): WinkNlp {
  instance ??= winkNLP(require("wink-eng-lite-web-model") as Model, ["sbd", "pos"]);
  return instance;
}
