// `.txt` articles: a page saved as text, or plain article text. All the work is page cleaning.
import { cleanPage } from "../clean.js";
import { type Parser, titleFromStem } from "./format.js";

export const parseTxt: Parser = ({ text, stem, notAfter }) => {
  const page = cleanPage(text, { notAfter });
  return { ...page, title: page.title ?? titleFromStem(stem) };
};
