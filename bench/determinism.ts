// Whether an article's analysis depends on what was analysed before it: the corpus is analysed
// forward and then in reverse, in this one fresh process, and the articles whose two analyses
// differ are counted (the answer must be 0). Run in its own process so that nothing else has
// been read first:
//   node dist/bench/determinism.js EVAL_DIR  →  one JSON line on stdout
import { analyze } from "../src/library/briefing.js";
import { benchCorpus } from "./corpus.js";

/** Every set of the kit with article texts: news summaries and political quotes, 1,550 articles. */
const DETERMINISM_SETS = ["cnndm-dev", "bbc-dev", "quotes-dev"];

const corpus = benchCorpus(DETERMINISM_SETS, process.argv[2]);
const forward = corpus.docs.map((doc) => JSON.stringify(analyze(doc)));
const reversed = [...corpus.docs]
  .reverse()
  .map((doc) => JSON.stringify(analyze(doc)))
  .reverse();
const differing = forward.filter((a, i) => a !== reversed[i]).length;
console.log(
  JSON.stringify({ corpus: corpus.name, description: corpus.description, articles: corpus.docs.length, differing }),
);
