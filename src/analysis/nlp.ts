// The one shared wink-nlp instance. Loading the English model takes ~200 ms and ~30 MB,
// so it happens once per process, on first use, and every analysis module borrows it.
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

type WinkNlp = ReturnType<typeof winkNLP>;

let instance: WinkNlp | undefined;

export function nlp(): WinkNlp {
  instance ??= winkNLP(model);
  return instance;
}
