// Speakers as a reader names them: whole names, organisations, sources, who spoke, pronoun
// chains, split quotations and one identity per person. Every text is invented.
import { describe, expect, it } from "vitest";
import { extractQuotes } from "../../src/analysis/quotes.js";
import type { AnalysisInput, Quote } from "../../src/analysis/types.js";

/** Every non-blank line is a paragraph, with its offset in `text`. */
function quotes(text: string): Quote[] {
  const paragraphs: { text: string; start: number }[] = [];
  let at = 0;
  for (const line of text.split("\n")) {
    if (line.trim()) paragraphs.push({ text: line, start: at });
    at += line.length + 1;
  }
  return extractQuotes({ paragraphs } satisfies AnalysisInput);
}

const who = (text: string): Array<[string, string | undefined, string]> =>
  quotes(text).map((q) => [q.speaker, q.role, q.text]);

describe("the reported cases", () => {
  it("keeps the particles of Ursula von der Leyen", () => {
    expect(who("European Commission President Ursula von der Leyen said the union would respond within days.")).toEqual(
      [["Ursula von der Leyen", "European Commission President", "the union would respond within days"]],
    );
  });

  it("keeps 'bin' in Mohammed bin Salman", () => {
    expect(who("Crown Prince Mohammed bin Salman said the kingdom would invest in solar power.")).toEqual([
      ["Mohammed bin Salman", "Crown Prince", "the kingdom would invest in solar power"],
    ]);
  });

  it("reads He Yadong as a name written family name first, not as a pronoun", () => {
    expect(
      who("Chinese foreign ministry spokesman He Yadong said the talks had been candid and constructive."),
    ).toEqual([["He Yadong", "Chinese foreign ministry spokesman", "the talks had been candid and constructive"]]);
  });

  it("gives both quotes to Theresa May, 'May said' included", () => {
    expect(
      who('Former British prime minister Theresa May said the vote was a mistake.\n"We should have waited," May said.'),
    ).toEqual([
      ["Theresa May", "Former British prime minister", "the vote was a mistake"],
      ["Theresa May", "Former British prime minister", "We should have waited,"],
    ]);
  });

  it("gives the whole organisation name for names joined by '&' or 'and'", () => {
    const found = quotes(
      "Hartley & Sons said in a statement that the factory would close in June.\nProcter & Gamble said its prices would rise next year.\nMarks and Spencer said sales of clothing had fallen sharply.",
    );
    expect(found.map((q) => [q.speaker, q.speakerType])).toEqual([
      ["Hartley & Sons", "group"],
      ["Procter & Gamble", "group"],
      ["Marks and Spencer", "group"],
    ]);
  });

  it("takes the body a set of data comes from as the source, never 'data'", () => {
    expect(
      quotes("Unemployment rose to 6.1 per cent in March, according to data from Eurostat.").map((q) => [
        q.speaker,
        q.speakerType,
        q.text,
      ]),
    ).toEqual([["Eurostat", "group", "Unemployment rose to 6.1 per cent in March"]]);
  });

  it("leaves the attribution out of a split quotation in straight quotes", () => {
    expect(who('"We know the road is busy," said Tom Hadley, the director. "But the repairs cannot wait."')).toEqual([
      ["Tom Hadley", "the director", "We know the road is busy, … But the repairs cannot wait."],
    ]);
  });

  it("gives what residents complained to a company to the residents", () => {
    expect(
      quotes("Residents complained to Westway Ferries that the timetable changed too often.").map((q) => [
        q.speaker,
        q.text,
      ]),
    ).toEqual([["Residents", "the timetable changed too often"]]);
  });

  it("follows 'he' across sentences and paragraphs back to Andrew Bailey", () => {
    expect(
      who(
        'Bank of England governor Andrew Bailey said interest rates would stay high. He said inflation was falling.\n"We are not there yet," he told reporters on Thursday.',
      ),
    ).toEqual([
      ["Andrew Bailey", "Bank of England governor", "interest rates would stay high"],
      ["Andrew Bailey", "Bank of England governor", "inflation was falling"],
      ["Andrew Bailey", "Bank of England governor", "We are not there yet,"],
    ]);
  });

  it("gives every quote of one person the same name and role", () => {
    expect(
      who(
        'Tom Hadley, Highways director, said the bridge would reopen in May.\n"The work is on schedule," Hadley said.',
      ),
    ).toEqual([
      ["Tom Hadley", "Highways director", "the bridge would reopen in May"],
      ["Tom Hadley", "Highways director", "The work is on schedule,"],
    ]);
  });
});

describe("names as units", () => {
  it("keeps a joined 'al-' particle", () => {
    expect(who("Egypt’s President Abdel Fattah al-Sisi said the canal would stay open to all ships.")[0]?.[0]).toBe(
      "Abdel Fattah al-Sisi",
    );
  });

  it("keeps 'da' inside a Portuguese name", () => {
    expect(who("Mayor Carla da Costa said the market would move to the old station.")[0]?.[0]).toBe("Carla da Costa");
  });

  it("finds a particle name again from its surname alone", () => {
    const found = quotes(
      "Dutch minister Pieter van den Berg met farmers on Monday.\nVan den Berg said the new rules would take effect in spring.",
    );
    expect(found[0]?.speaker).toBe("Pieter van den Berg");
  });

  it("keeps hyphenated and accented names whole", () => {
    expect(who("Opposition leader Lee Jae-myung said the budget ignored the regions.")[0]?.[0]).toBe("Lee Jae-myung");
    expect(who("Economist Zoë Ångström-Müller said prices would ease by autumn.")[0]?.[0]).toBe("Zoë Ångström-Müller");
  });

  it("keeps a three-part East Asian name and maps its family name to it", () => {
    const found = quotes(
      "North Korean leader Kim Jong Un inspected a factory on Friday.\nKim said the plant would double its output next year.",
    );
    expect(found.map((q) => q.speaker)).toEqual(["Kim Jong Un"]);
  });

  it("reads a capitalised 'Will' before 'said' as the name it is", () => {
    expect(
      quotes('Will Doyle teaches economics at the college.\n"Tuition will keep rising," Will said.').map(
        (q) => q.speaker,
      ),
    ).toEqual(["Will Doyle"]);
  });

  it("does not cut a name at a month that is its surname", () => {
    expect(who("Mayor Sarah June said the pool would reopen after the summer.")[0]?.[0]).toBe("Sarah June");
  });

  it("keeps 'ibn', 'bint' and 'du' inside names", () => {
    expect(who("Sheikh Khalid ibn Rashid said the port would open to foreign ships.")[0]?.[0]).toBe(
      "Khalid ibn Rashid",
    );
    expect(who("Princess Noura bint Faisal said the fund would support young architects.")[0]?.[0]).toBe(
      "Noura bint Faisal",
    );
    expect(who("Minister Claire du Pont said the new law would take effect in April.")[0]?.[0]).toBe("Claire du Pont");
  });

  it("maps 'Sisi' and 'Lula da Silva' to the full names given earlier", () => {
    const found = quotes(
      "President Luiz Inácio Lula da Silva met farmers in the north.\nLula da Silva said the harvest would set a record.",
    );
    expect(found.map((q) => q.speaker)).toEqual(["Luiz Inácio Lula da Silva"]);
  });

  it("reads 'April' before a surname as a given name", () => {
    expect(who("White House correspondent April Ryan said the briefing had been cancelled twice.")[0]?.[0]).toBe(
      "April Ryan",
    );
  });
});

describe("organisations and sources", () => {
  it("gives a company's spokeswoman's words to the company", () => {
    expect(
      quotes("A Westway Ferries spokeswoman said the timetable would not change.").map((q) => [
        q.speaker,
        q.speakerType,
      ]),
    ).toEqual([["Westway Ferries", "group"]]);
    expect(
      quotes("The timetable would not change, said a spokeswoman for Westway Ferries.").map((q) => q.speaker),
    ).toEqual(["Westway Ferries"]);
  });

  it("keeps two people joined by 'and' apart from an organisation, but not names joined by '&'", () => {
    const people = quotes(
      "Anna Marks and Peter Spencer run the shop.\nMarks and Spencer said the shop would close in June after forty years.",
    );
    expect(people.every((q) => q.speaker !== "Marks and Spencer")).toBe(true);
    expect(
      quotes("A Marks & Spencer spokesman said the store would stay open.").map((q) => [q.speaker, q.speakerType]),
    ).toEqual([["Marks & Spencer", "group"]]);
  });

  it("names the pollster of 'a Gallup poll' and the office behind 'figures from'", () => {
    expect(
      quotes("Support for the plan fell sharply last year, according to a Gallup poll released on Monday.")[0]?.speaker,
    ).toBe("Gallup");
    expect(
      quotes("According to figures from the Office for National Statistics, wages rose by 4 per cent last year.")[0]
        ?.speaker,
    ).toBe("Office for National Statistics");
  });

  it("reports nobody for 'according to figures' with no body named", () => {
    expect(quotes("Wages rose by four per cent over the last year, according to figures.")).toEqual([]);
    expect(quotes("According to a new survey, most commuters want later trains on Sundays.")).toEqual([]);
  });
});

describe("who spoke", () => {
  it("gives 'A complained to B that C' to A when both are named", () => {
    expect(
      quotes("Councillor Rita Moss complained to Mayor Ann Brook that the library had been closed for a month.").map(
        (q) => q.speaker,
      ),
    ).toEqual(["Rita Moss"]);
  });
});

describe("pronoun chains", () => {
  it("tells the pronoun 'He' from the family name 'He' in one chain", () => {
    const found = quotes(
      "Commerce ministry spokesman He Yadong spoke on Thursday.\nThe talks ended late.\nHe said both sides had agreed to meet again in May.",
    );
    expect(found.map((q) => [q.speaker, q.role])).toEqual([["He Yadong", "Commerce ministry spokesman"]]);
  });

  it("resolves '…, he added' after a quote by a person introduced with particles", () => {
    const found = quotes('Ursula von der Leyen said the deal was fair.\n"It protects our farmers," she added.');
    expect(found.map((q) => q.speaker)).toEqual(["Ursula von der Leyen", "Ursula von der Leyen"]);
  });
});

describe("one identity per person", () => {
  it("gives a quote by surname the full name and the role found later in the article", () => {
    const found = quotes(
      '"The harbour is safe," Okafor said.\nPort director Thomas Okafor said the cranes would be replaced next year.',
    );
    expect(found.map((q) => [q.speaker, q.role])).toEqual([
      ["Thomas Okafor", "Port director"],
      ["Thomas Okafor", "Port director"],
    ]);
  });
});
