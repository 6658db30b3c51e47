// The one shared wink-nlp instance. Loading the English model takes ~200 ms and ~30 MB,
// so it happens once per process, on first use, and every analysis module borrows it.
// Only sentence boundaries and parts of speech are computed: the model's entity recogniser has
// no PERSON type, and it, negation and sentiment doubled the cost of every readDoc.
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

type WinkNlp = ReturnType<typeof winkNLP>;

let instance: WinkNlp | undefined;

export function nlp(): WinkNlp {
  instance ??= winkNLP(model, ["sbd", "pos"]);
  return instance;
}
