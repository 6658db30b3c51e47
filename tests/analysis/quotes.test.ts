import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractQuotes } from "../../src/analysis/quotes.js";
import type { AnalysisInput, Quote } from "../../src/analysis/types.js";

/** Every non-blank line is a paragraph, with its offset in `text`. */
function input(text: string): AnalysisInput {
  const paragraphs: { text: string; start: number }[] = [];
  let at = 0;
  for (const line of text.split("\n")) {
    if (line.trim()) paragraphs.push({ text: line, start: at });
    at += line.length + 1;
  }
  return { paragraphs };
}

/** A quote's text is its span, or the parts of a split quotation in it, joined by " … ". */
function quotes(text: string): Quote[] {
  const found = extractQuotes(input(text));
  for (const q of found) {
    const span = text.slice(q.start, q.end);
    const parts = q.text.split(" … ");
    expect(span.startsWith(parts[0] ?? "")).toBe(true);
    expect(span.endsWith(parts[parts.length - 1] ?? "")).toBe(true);
    if (parts.length === 1) expect(span).toBe(q.text);
  }
  return found;
}

function only(text: string): Quote {
  const found = quotes(text);
  expect(found).toHaveLength(1);
  return found[0] as Quote;
}

const harbor = readFileSync(new URL("../fixtures/quotes/harbor-bridge.txt", import.meta.url), "utf8");

describe("reported speech", () => {
  it("ends content that ends in a quotation before 'and' and the speaker's next act", () => {
    expect(
      only(
        "Councillor Rita Moss called the new timetable “a disgrace for commuters” and demanded a public meeting before June.",
      ).text,
    ).toBe("the new timetable “a disgrace for commuters”");
  });

  it("takes the question after 'asked B whether' as the content, without the person asked", () => {
    expect(
      only("Councillor Rita Moss asked the harbor master on Friday whether the ferry would run in June."),
    ).toMatchObject({
      speaker: "Rita Moss",
      kind: "reported",
      text: "whether the ferry would run in June",
    });
  });

  it("takes a poll's share of respondents as the speaker", () => {
    expect(only("About two in three said they would vote against the pier plan in May.")).toMatchObject({
      speaker: "About two in three",
      speakerType: "group",
      text: "they would vote against the pier plan in May",
    });
    expect(only("Most riverside voters polled said the ferry should keep running.").speaker).toBe(
      "Most riverside voters polled",
    );
    expect(only("By a wide margin, those surveyed said the ferry should keep running.").speaker).toBe("those surveyed");
  });

  it("finds the speaker before a relative clause that has commas of its own", () => {
    expect(
      only(
        "Deputy Mayor Ann Roe, who was to travel to Salem, Oregon, on Wednesday to open the pier, said the ferry would run again.",
      ),
    ).toMatchObject({ speaker: "Ann Roe", text: "the ferry would run again" });
    expect(
      only(
        "Hugo Lind, a former director of the port, whose roots are in the fishing town, said the vote was a mistake.",
      ),
    ).toMatchObject({ speaker: "Hugo Lind", role: "a former director of the port", text: "the vote was a mistake" });
  });

  it("reads 'according to' a bare plural the tagger takes for a verb", () => {
    expect(only("The ferry will run again next week, according to harbor officials.")).toMatchObject({
      speaker: "harbor officials",
      speakerType: "group",
      text: "The ferry will run again next week",
    });
  });

  it("takes the clause after 'S said that' as the content", () => {
    const q = only("Council member Rosa Lind said that the budget would be balanced by March.");
    expect(q).toMatchObject({ speaker: "Rosa Lind", kind: "reported", text: "the budget would be balanced by March" });
  });

  it("takes the clause before the speaker in 'C, S said'", () => {
    const q = only("The ferry will run again next week, harbor officials said on Tuesday.");
    expect(q).toMatchObject({
      speaker: "harbor officials",
      speakerType: "group",
      text: "The ferry will run again next week",
    });
  });

  it("finds the speaker after the verb in 'C, said S'", () => {
    const q = only("The ferry will run again next week, said Pavel Novak, the harbor master.");
    expect(q).toMatchObject({ speaker: "Pavel Novak", text: "The ferry will run again next week" });
  });

  it("skips the addressee of 'told X that'", () => {
    const q = only("Mayor Ann Brook told the Valley Gazette that the library would stay open.");
    expect(q).toMatchObject({ speaker: "Ann Brook", role: "Mayor", text: "the library would stay open" });
  });

  it("reads 'according to S, C' and 'C, according to S'", () => {
    expect(only("According to the county clerk, turnout reached a record high this year.")).toMatchObject({
      speaker: "the county clerk",
      text: "turnout reached a record high this year",
    });
    expect(only("Turnout reached a record high this year, according to the county clerk.")).toMatchObject({
      speaker: "the county clerk",
      text: "Turnout reached a record high this year",
    });
  });

  it("skips 'in a statement' between the verb and 'that'", () => {
    const q = only("Jonas Berg said in a statement on Monday that his company would appeal the ruling.");
    expect(q).toMatchObject({ speaker: "Jonas Berg", text: "his company would appeal the ruling" });
  });

  it("ignores verbs that report nothing: 'declined to say', 'was told'", () => {
    expect(quotes("Ivo Marsh declined to say whether the plant would close.")).toHaveLength(0);
    expect(quotes("Ivo Marsh was told the plant would close.")).toHaveLength(0);
  });
});

describe("where reported content ends", () => {
  it("ends content inside an opening subordinate clause at its comma", () => {
    const q = only(
      "Although Mayor Ann Brook said the pier would reopen in May, the ferries kept running from the north dock.",
    );
    expect(q).toMatchObject({ speaker: "Ann Brook", text: "the pier would reopen in May" });
  });

  it("ends content inside a subordinate clause after 'and' or a comma at its comma", () => {
    expect(
      only("And while Ann Brook said the pier would reopen in May, the ferries kept running from the north dock.").text,
    ).toBe("the pier would reopen in May");
    expect(
      only("The board met on Friday, and though Pavel Novak has said the toll was fair, the vote went against it.")
        .text,
    ).toBe("the toll was fair");
  });

  it("ends content inside a relative clause at its closing comma", () => {
    const q = only("The toll plan, which Ann Brook has said was a mistake, cost the council two seats.");
    expect(q).toMatchObject({ speaker: "Ann Brook", text: "was a mistake" });
  });

  it("stops before ', but' opening a clause with its own subject", () => {
    const q = only("Pavel Novak said the bridge would close for a week, but the harbor board voted to keep it open.");
    expect(q.text).toBe("the bridge would close for a week");
  });

  it("keeps a coordinated clause restating 'that' or holding a quotation", () => {
    expect(
      only("Pavel Novak said that the bridge would close for a week, and that the ferry would run late.").text,
    ).toBe("the bridge would close for a week, and that the ferry would run late");
    expect(only("Pavel Novak said the bridge would close for a week, and the repairs were “long overdue.”").text).toBe(
      "the bridge would close for a week, and the repairs were “long overdue.”",
    );
  });

  it("ends content before a trailing appositive, relative clause or comparison", () => {
    expect(only("Ann Brook said the ferry would run again by May, a relief for commuters on the east side.").text).toBe(
      "the ferry would run again by May",
    );
    expect(only("Ann Brook said the vote would favor Pavel Novak, who faces a runoff next week.").text).toBe(
      "the vote would favor Pavel Novak",
    );
    expect(only("Ann Brook said the budget grew by ten percent, compared with four percent last year.").text).toBe(
      "the budget grew by ten percent",
    );
  });

  it("keeps an appositive inside the clause or with a clause of its own, and a relative clause holding a quotation", () => {
    expect(only("Ann Brook said the plan, a costly one, would pass.").text).toBe("the plan, a costly one, would pass");
    expect(
      only("Ann Brook said the city will reopen the pier, a move that would please the crews after a long winter.")
        .text,
    ).toBe("the city will reopen the pier, a move that would please the crews after a long winter");
    expect(only("Ann Brook said the harbor was safe, which “nobody doubts” in Salem.").text).toBe(
      "the harbor was safe, which “nobody doubts” in Salem",
    );
  });

  it("ends an infinitive's content at its first comma", () => {
    expect(only("Ann Brook vowed to rebuild the pier, reversing a decision by the last council.").text).toBe(
      "to rebuild the pier",
    );
  });

  it("takes the clause before 'according to S' and leaves out what describes S", () => {
    const q = only(
      "Turnout reached a record high this year, according to the county clerk, who has counted ballots since 1990.",
    );
    expect(q).toMatchObject({ speaker: "the county clerk", text: "Turnout reached a record high this year" });
  });

  it("gives a clause that a closing cue attributes to that cue, not to a cue inside it", () => {
    const q = only(
      "Pavel Novak told officers he had parked the truck near the pier before dawn, a harbor report indicates.",
    );
    expect(q).toMatchObject({
      speaker: "a harbor report",
      text: "Pavel Novak told officers he had parked the truck near the pier before dawn",
    });
  });

  it("runs the content through a participle after 'by'", () => {
    expect(only("Ann Brook said the council would win over the crews by arguing that the pier was safe.").text).toBe(
      "the council would win over the crews by arguing that the pier was safe",
    );
  });

  it("leaves out a closing phrase that says where it was said, and keeps a plain date", () => {
    expect(only("Ann Brook said the pier would reopen in May during a speech in Salem on Friday.").text).toBe(
      "the pier would reopen in May",
    );
    expect(only("Ann Brook said the council would hold a vote on Friday.").text).toBe(
      "the council would hold a vote on Friday",
    );
  });

  it("ends the content before a contrast with a subject of its own", () => {
    expect(
      only("Ann Brook said turnout rose in the east district, while the west district saw fewer voters.").text,
    ).toBe("turnout rose in the east district");
    expect(only("Ann Brook said the delay, while costly, was worth it for the crews.").text).toBe(
      "the delay, while costly, was worth it for the crews",
    );
  });
});

describe("direct quotes", () => {
  it("attributes a quotation introduced by 'S said:'", () => {
    const q = only("Coach Dana Reyes said: “We played our best game of the season tonight.”");
    expect(q).toMatchObject({
      speaker: "Dana Reyes",
      kind: "direct",
      text: "We played our best game of the season tonight.",
    });
  });

  it("keeps a quotation of several sentences whole", () => {
    const q = only("“We lost the first half. We won the second. That is enough for me,” Reyes said.");
    expect(q.text).toBe("We lost the first half. We won the second. That is enough for me,");
  });

  it("does not join a quotation across reported speech that came between", () => {
    const found = quotes(
      "“We will build it,” Mayor Ann Brook said, adding that the council had approved the money. “The bridge will open to traffic in May next year.”",
    );
    expect(found.map((q) => [q.kind, q.text])).toEqual([
      ["reported", "the council had approved the money"],
      ["direct", "The bridge will open to traffic in May next year."],
    ]);
  });

  it("joins a quotation split around its attribution into one quote", () => {
    const q = only("“The roof leaks,” said Omar Haddad, “and nobody has fixed it in a year.”");
    expect(q).toMatchObject({ speaker: "Omar Haddad", kind: "direct" });
    expect(q.text).toBe("The roof leaks, … and nobody has fixed it in a year.");
  });

  it("makes a quotation running on into the next paragraph one quote, with only the quoted words", () => {
    const text =
      "“The roof leaks every winter,” said Omar Haddad, a tenant.\n\n“We have asked the landlord for two years to repair it.”";
    const q = only(text);
    expect(q).toMatchObject({
      speaker: "Omar Haddad",
      kind: "direct",
      text: "The roof leaks every winter, … We have asked the landlord for two years to repair it.",
      start: text.indexOf("The roof"),
      end: text.indexOf("”", text.indexOf("repair it")),
    });
    expect(q.sentence).toContain("said Omar Haddad, a tenant.");
    expect(q.sentence).toContain("We have asked the landlord");
  });

  it("makes a quotation running over three paragraphs one quote of its speaker", () => {
    const found = quotes(
      [
        "“The pier will reopen in May,” said Ann Brook, the mayor of Salem.",
        "“The ferry will run every hour from the first week.",
        "“And the fares will not rise this year.”",
        "The council meets again on Monday.",
      ].join("\n"),
    );
    expect(found.map((q) => [q.speaker, q.text])).toEqual([
      [
        "Ann Brook",
        "The pier will reopen in May, … The ferry will run every hour from the first week. … And the fares will not rise this year.",
      ],
    ]);
  });

  it("does not join a quotation-only paragraph that another speaker introduced", () => {
    const found = quotes(
      [
        "“The pier will reopen in May,” said Ann Brook, the mayor of Salem.",
        "“The ferry will run every hour.”",
        "Harbor master Pavel Novak said:",
        "“Nobody should sail past the breakwater until the storm has passed.”",
      ].join("\n"),
    );
    expect(found.map((q) => [q.speaker, q.text])).toEqual([
      ["Ann Brook", "The pier will reopen in May, … The ferry will run every hour."],
      ["Pavel Novak", "Nobody should sail past the breakwater until the storm has passed."],
    ]);
  });

  it("does not join or attribute a quotation-only paragraph after a continued quotation that asked a question", () => {
    const found = quotes(
      [
        "“We will rebuild the pier before summer,” said Ann Brook, the mayor of Salem.",
        "“Who else would pay for it?”",
        "“Not the council.”",
      ].join("\n"),
    );
    expect(found.map((q) => [q.speaker, q.text])).toEqual([
      ["Ann Brook", "We will rebuild the pier before summer, … Who else would pay for it?"],
    ]);
  });

  it("joins a continued quotation only to the quote right before it, not across a reported clause", () => {
    const found = quotes(
      [
        "“The pier will reopen in May,” said Ann Brook, adding that the ferry would run every hour.",
        "“The fares will not rise this year.",
        "“And the old ticket office will open again.”",
      ].join("\n"),
    );
    expect(found.map((q) => [q.speaker, q.kind, q.text])).toEqual([
      ["Ann Brook", "direct", "The pier will reopen in May,"],
      ["Ann Brook", "reported", "the ferry would run every hour"],
      ["Ann Brook", "direct", "The fares will not rise this year. … And the old ticket office will open again."],
    ]);
  });

  it("cuts a quotation running over many paragraphs into quotes of at most five paragraphs", () => {
    const lines = ["“The pier opened in 1990,” said Ann Brook, the mayor of Salem."];
    for (let i = 1; i <= 7; i++) lines.push(`“Storm number ${i} damaged the pier again.”`);
    const found = quotes(lines.join("\n"));
    expect(found.map((q) => q.text.split(" … ").length)).toEqual([5, 3]);
    expect(new Set(found.map((q) => q.speaker))).toEqual(new Set(["Ann Brook"]));
  });

  it("starts a new quote where a continued quotation would pass 4,000 characters", () => {
    const long = (n: number) =>
      `“${Array.from({ length: 60 }, (_, k) => `storm ${n} broke pier beam ${k}`).join(", ")}.”`;
    const lines = ["“The pier opened in 1990,” said Ann Brook, the mayor of Salem.", long(1), long(2), long(3)];
    const found = quotes(lines.join("\n"));
    expect(found.map((q) => q.text.split(" … ").length)).toEqual([3, 1]);
    for (const q of found) expect(q.text.length).toBeLessThanOrEqual(4_000);
  });

  it("does not give the asker a quotation-only paragraph that answers the question", () => {
    const found = quotes("“Will the ferry run in May?” Rita Moss asked the harbor master.\n\n“Not before June.”");
    expect(found.map((q) => q.text)).toEqual(["Will the ferry run in May?"]);
  });

  it("continues a quotation left open at the end of a paragraph", () => {
    const found = quotes(
      "Omar Haddad said: “The roof leaks every single winter.\n\n“And nobody has ever come to repair it.”",
    );
    expect(found.map((q) => [q.speaker, q.text])).toEqual([
      ["Omar Haddad", "The roof leaks every single winter. … And nobody has ever come to repair it."],
    ]);
  });

  it("continues reported speech into the quotation-only sentence after it", () => {
    const q = only("Omar Haddad added that the morning ferry was late again. “We lose an hour every single day.”");
    expect(q).toMatchObject({ speaker: "Omar Haddad" });
    expect(q.text).toMatch(/^the morning ferry was late again\. “We lose an hour every single day\.$/);
  });

  it("continues a turn into a quotation that opens the next sentence, without the words after it", () => {
    const q = only(
      "“The ferry is late every morning,” said Omar Haddad, a commuter from Salem. “We lose an hour a day” waiting on the pier, which opened in 1990.",
    );
    expect(q).toMatchObject({
      speaker: "Omar Haddad",
      text: "The ferry is late every morning, … We lose an hour a day",
    });
  });
  it("reads two straight apostrophes as a quotation mark", () => {
    const q = only("''We will rebuild the pier before summer,'' said Mayor Ann Brook.");
    expect(q).toMatchObject({ speaker: "Ann Brook", text: "We will rebuild the pier before summer," });
  });

  it("reads a capitalised quotation after 'of', 'in' or 'and' as a title, even with a comma inside", () => {
    expect(quotes("Omar Haddad, the editor in charge of “Tidewater,” told his staff about the new rules.")).toEqual([]);
    expect(quotes("The stunt later became famous in “The 40-Year-Old Pier,” Omar Haddad noted.")).toEqual([]);
  });

  it("rejects show titles and scare quotes", () => {
    expect(quotes("Ann Brook appeared on WKRP’s “Morning Report” on Sunday.")).toHaveLength(0);
    expect(quotes("The so-called “miracle cure” sold out within a week.")).toHaveLength(0);
    const q = only("Ann Brook told ABC’s “This Week” that the pier would reopen in May.");
    expect(q.text).toBe("the pier would reopen in May");
  });
});

describe("attribution shapes", () => {
  it("gives a participle the subject of its clause", () => {
    const q = only("Mayor Ann Brook rejected the plan on Monday, saying the city could not afford it.");
    expect(q).toMatchObject({ speaker: "Ann Brook", text: "the city could not afford it" });
  });

  it("reads a participle right after a closing quotation mark as a cue of its own", () => {
    const found = quotes(
      "Ann Brook said she had been worried, ''I could not sleep,'' adding, ''We lost so much that year.''",
    );
    expect(found.map((q) => [q.speaker, q.kind, q.text])).toEqual([
      ["Ann Brook", "reported", "she had been worried, ''I could not sleep,''"],
      ["Ann Brook", "direct", "We lost so much that year."],
    ]);
  });

  it("lets a cue that only closes the sentence take a quotation's whole lead-in", () => {
    expect(
      only(
        "Most voters in the old harbor district of Salem no longer believe that the city council will ''listen to the east side,'' according to a survey by the Harbor Trust.",
      ).text,
    ).toBe(
      "Most voters in the old harbor district of Salem no longer believe that the city council will ''listen to the east side,",
    );
  });

  it("does not read a clause whose only verb is an auxiliary as the appositive of a speaker", () => {
    expect(
      only(
        "As the ferry returns to Salem, a town that hoped for more trips, the season will be short, said Ann Brook.",
      ),
    ).toMatchObject({
      speaker: "Ann Brook",
      text: "As the ferry returns to Salem, a town that hoped for more trips, the season will be short",
    });
  });

  it("gives a coordinated verb the speaker of the first", () => {
    const found = quotes("Jonas Berg said the plant would stay open and added that no jobs would be cut this year.");
    expect(found.map((q) => [q.speaker, q.text])).toEqual([
      ["Jonas Berg", "the plant would stay open"],
      ["Jonas Berg", "no jobs would be cut this year"],
    ]);
  });

  it("reads 'pointed out' as speech", () => {
    expect(only("Ann Brook pointed out that the pier had been closed for a decade.").text).toBe(
      "the pier had been closed for a decade",
    );
  });

  it("keeps a name with an appositive and a party label", () => {
    const q = only("Sen. Ruth Calder (D-Maine), who wrote the bill, said in a statement that the vote was a victory.");
    expect(q).toMatchObject({ speaker: "Ruth Calder", text: "the vote was a victory" });
  });

  it("takes a quotation after 'S said in a statement.' as theirs", () => {
    const q = only(
      "Jonas Berg, the plant manager, said in a statement. “We will keep every line running through the winter.”",
    );
    expect(q).toMatchObject({ speaker: "Jonas Berg", kind: "direct" });
  });

  it("reads a mis-turned closing mark as a closing mark", () => {
    const q = only("“Do you want the pier closed for good?“ the reporter asked Ann Brook.");
    expect(q.text).toBe("Do you want the pier closed for good?");
  });

  it("keeps the larger part of a quotation when the attribution between outweighs it", () => {
    const found = quotes(
      "“It leaks,” said Omar Haddad, a retired schoolteacher who has lived in the building on Pine Street since it opened in 1974. “Always.”",
    );
    expect(found.map((q) => q.text)).toEqual(["It leaks,"]);
  });

  it("gives one quote to a turn resumed after a long attribution in the next sentence", () => {
    const found = quotes(
      "“It leaks,” said Omar Haddad, a retired schoolteacher who has lived in the building on Pine Street since it opened in 1974 and who has written to every mayor since. “It floods every spring.”",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ speaker: "Omar Haddad", text: "It floods every spring." });
  });
});

describe("speaker labels and signatures", () => {
  it("reads a straight quotation right after a label's colon, with no space", () => {
    expect(only('Rep. Jane Doe (D-Ore.):"We will vote against the bill on Thursday."')).toMatchObject({
      speaker: "Jane Doe",
      kind: "direct",
      text: "We will vote against the bill on Thursday.",
    });
  });

  it("attributes a quotation after a name and a colon", () => {
    const q = only("Councilwoman Petra Holm (D-Portville): “We will not close a single branch library this year.”");
    expect(q).toMatchObject({
      speaker: "Petra Holm",
      kind: "direct",
      text: "We will not close a single branch library this year.",
    });
    expect(quotes("The verdict: “A clear win for the riverside neighbors.”")).toHaveLength(0);
  });

  it("attributes a quotation signed with a dash and a name", () => {
    const q = only("“The ferry is the only way my kids get to school on time.” ― Lucia Ferro");
    expect(q).toMatchObject({
      speaker: "Lucia Ferro",
      kind: "direct",
      text: "The ferry is the only way my kids get to school on time.",
    });
  });

  it("gives a quotation-only paragraph to the signature paragraph after it", () => {
    const q = only("“The ferry is the only way my kids get to school on time.”\n- Lucia Ferro.");
    expect(q).toMatchObject({
      speaker: "Lucia Ferro",
      text: "The ferry is the only way my kids get to school on time.",
    });
  });

  it("gives a quotation to 'S said.' split off as the next sentence", () => {
    const q = only(
      "The ferry schedule changed again.\n“The ferry is the only way my kids get to school on time.” Lucia Ferro said.",
    );
    expect(q).toMatchObject({
      speaker: "Lucia Ferro",
      text: "The ferry is the only way my kids get to school on time.",
    });
  });

  it("gives a quotation to 'S said.' when an earlier paragraph ends in a quoted attribution", () => {
    const found = quotes(
      "Mayor Ann Holt attacked the board, calling it “the worst board in our history.”\nThe crowd cheered.\n“Harbor, if you are listening, please fix the pier before the storms come.” Holt said.",
    );
    expect(found.map((q) => [q.speaker, q.text])).toContainEqual([
      "Ann Holt",
      "Harbor, if you are listening, please fix the pier before the storms come.",
    ]);
  });

  it("gives a quotation to the next sentence when it opens with its speaker and 'said of …'", () => {
    const found = quotes(
      "The board turned the plan down.\n“Who do they think they are?” Doe said of the board in May, when it refused the pier.",
    );
    expect(found.map((q) => [q.speaker, q.kind, q.text])).toEqual([["Doe", "direct", "Who do they think they are?"]]);
  });

  it("reads a word that is also a noun as the cue right after a quotation and its speaker", () => {
    expect(only("“First, nobody on the board listens to the ferry riders anymore,” Doe notes.")).toMatchObject({
      speaker: "Doe",
      kind: "direct",
    });
    expect(only("“She seems to be less welcome in the harbor towns,” one user commented.").speaker).toBe("one user");
  });

  it("finds the quotation before a speaker described by several words", () => {
    expect(
      only(
        "“From the first day, I made the pier my priority,” the bespectacled, 71-year-old envoy said in an interview.",
      ),
    ).toMatchObject({
      speaker: "71-year-old envoy",
      kind: "direct",
      text: "From the first day, I made the pier my priority,",
    });
  });

  it("reads a one-line paragraph 'S said:' as introducing the next quotation", () => {
    const q = only(
      "Harbor master Pavel Novak said:\n“Nobody should sail past the breakwater until the storm has passed.”",
    );
    expect(q).toMatchObject({ speaker: "Pavel Novak", kind: "direct" });
  });

  it("hands the next paragraph's quotation to a reported clause that ends in a colon", () => {
    const found = quotes(
      "Pavel Novak said that, given the forecast for the weekend and the state of the old harbor walls after the storm:\n“Nobody should sail past the breakwater until Monday.”",
    );
    expect(found.map((q) => [q.speaker, q.kind])).toContainEqual(["Pavel Novak", "direct"]);
  });

  it("finds the quotation before a speaker with a possessive or a role set off by commas", () => {
    expect(only("“He fixed every bike on our street for free,” his neighbor Jonas Berg told the paper.")).toMatchObject(
      {
        speaker: "Jonas Berg",
        kind: "direct",
      },
    );
    expect(
      only("“He fixed every bike on our street for free,” another neighbor, Jonas Berg told the paper."),
    ).toMatchObject({
      speaker: "Jonas Berg",
      kind: "direct",
    });
  });
});

describe("long quotations", () => {
  it("never takes a cue or a speaker from inside a long quotation", () => {
    const q = only(
      "“When Governor Tom Reyes said the bridge was safe, everyone in the valley believed him, and we kept driving across it,” Lena Varga said.",
    );
    expect(q).toMatchObject({ speaker: "Lena Varga", kind: "direct" });
    expect(q.text.startsWith("When Governor Tom Reyes said")).toBe(true);
  });
});

describe("what is not speech", () => {
  it("does not take what 'claimed' or 'conceded' took as what was said", () => {
    expect(quotes("Rita Moss claimed victory in the harbor council race on Sunday night.")).toHaveLength(0);
    expect(quotes("Omar Haddad conceded the harbor council race to his rival on Monday.")).toHaveLength(0);
    expect(only("Rita Moss claimed the count in the harbor ward was wrong.").text).toBe(
      "the count in the harbor ward was wrong",
    );
  });

  it("does not take an adverbial phrase with no verb after the cue as what was said", () => {
    expect(quotes("Councillor Rita Moss said as much in an interview with the local paper on Monday.")).toHaveLength(0);
    expect(quotes("Rita Moss said so again at the harbor meeting in December.")).toHaveLength(0);
  });

  it("does not give a coordinated verb the quotation before 'and'", () => {
    const found = quotes(
      "Mayor Ann Brook called the plan “reckless” and said the council would vote against it next month.",
    );
    expect(found.some((q) => q.text === "reckless")).toBe(false);
  });

  it("reads 'called' after an object, or after 'what he', as naming", () => {
    expect(quotes("Volunteers now run a program called Safe Harbor Nights for homeless teenagers.")).toHaveLength(0);
    expect(
      quotes("The new budget ignores what Ann Brook calls the forgotten neighborhoods of the east side."),
    ).toHaveLength(0);
  });

  it("reads 'a group called Name' as naming and 'called into' a show as a telephone call", () => {
    expect(quotes("A new group called Harbor Friends is raising money for the pier.")).toHaveLength(0);
    expect(quotes("Ann Brook called into a morning radio show to defend the plan.")).toHaveLength(0);
    expect(only("Ann Brook called the plan a disaster for the harbor.").text).toBe(
      "the plan a disaster for the harbor",
    );
  });

  it("starts the content after 'called for' and 'called on'", () => {
    expect(only("Ann Brook called for a full audit of the harbor authority's accounts.")).toMatchObject({
      text: "a full audit of the harbor authority's accounts",
    });
  });

  it("does not take a fronted adverbial as what was said", () => {
    expect(quotes("In a long speech at the marina, Ann Brook declared:")).toHaveLength(0);
    expect(quotes("A year after the storm, Ann Brook said.")).toHaveLength(0);
  });

  it("does not take a time clause after the verb as what was said", () => {
    expect(
      quotes("The mayor, Ann Brook, spoke briefly on Friday. Ann Brook said Friday as she entered the harbor office."),
    ).toHaveLength(0);
    expect(quotes("Pavel Novak told his aides while drafting the harbor budget last winter.")).toHaveLength(0);
  });

  it("still reports a time clause introduced by that", () => {
    expect(only("Pavel Novak said that as the tide rose the pier would close for the season.").text).toBe(
      "as the tide rose the pier would close for the season",
    );
  });

  it("does not take a prepositional phrase alone as what was said", () => {
    expect(quotes("Here is everything Ann Brook said about the harbor during the long campaign.")).toHaveLength(0);
  });

  it("does not report a cue inside someone else's reported clause", () => {
    const found = quotes(
      "Pavel Novak says the repairs would not have stopped the leaks that Ann Brook mentioned when she announced the plan last spring.",
    );
    expect(found.map((q) => q.speaker)).toEqual(["Pavel Novak"]);
  });
});

describe("speakers", () => {
  it("gives 'they' the last plural group quoted and 'it' the last singular one", () => {
    const they = quotes(
      "Harbor officials said the ferry would run again next week. They added that the pier was safe for walkers.",
    );
    expect(they.map((q) => q.speaker)).toEqual(["Harbor officials", "Harbor officials"]);
    const it = quotes(
      "The Harbor Council said the ferry would run again next week. It added that the pier was safe for walkers.",
    );
    expect(it.map((q) => q.speaker)).toEqual(["The Harbor Council", "The Harbor Council"]);
    expect(
      quotes("Harbor officials said the ferry would run again next week. It added that the pier was safe for walkers."),
    ).toHaveLength(1);
  });

  it("finds a speaker whose age and role stand between commas", () => {
    const q = only("“We cannot wait another winter,” Mary Poe, 31, a nurse in Salem, said on Monday.");
    expect(q).toMatchObject({ speaker: "Mary Poe", kind: "direct", text: "We cannot wait another winter," });
  });

  it("finds a speaker set off by a participle phrase", () => {
    const q = only("Jonas Berg, speaking to the crowd at the plant gate, said, “Not one line will close this winter.”");
    expect(q).toMatchObject({ speaker: "Jonas Berg", kind: "direct", text: "Not one line will close this winter." });
  });

  it("takes a capitalised show name before a comma after 'on' as a title, not a quote", () => {
    const q = only(
      'Speaking on "Valley Morning Show," Jonas Berg said the plant was "in better shape than it has been in years."',
    );
    expect(q).toMatchObject({
      speaker: "Jonas Berg",
      text: 'the plant was "in better shape than it has been in years."',
    });
  });

  it("resolves 'he' to the person last quoted", () => {
    const found = quotes("Jonas Berg said the plant would stay open. He added that no jobs would be cut this year.");
    expect(found.map((q) => q.speaker)).toEqual(["Jonas Berg", "Jonas Berg"]);
  });

  it("resolves 'she' to the subject of the previous sentence when nobody was quoted yet", () => {
    const q = only("Judge Mara Olsen ruled against the city on Friday. She said the contract had never been valid.");
    expect(q).toMatchObject({ speaker: "Mara Olsen", text: "the contract had never been valid" });
  });

  it("maps a surname to the earliest full name, and a family name written first", () => {
    const found = quotes(
      "Vice Minister Zhao Lirong and Secretary Paul Dunn met on Monday. Zhao said the talks were useful. Dunn said they would meet again.",
    );
    expect(found.map((q) => [q.speaker, q.role])).toEqual([
      ["Zhao Lirong", "Vice Minister"],
      ["Paul Dunn", "Secretary"],
    ]);
  });

  it("takes a role from an appositive after the name", () => {
    const q = only("Lena Varga, an engineer at the Harbor Authority, said the cables were sound.");
    expect(q).toMatchObject({ speaker: "Lena Varga", role: "an engineer at the Harbor Authority" });
  });

  it("flags groups and organisations as groups", () => {
    expect(only("U.S. officials said the talks would resume next month.").speakerType).toBe("group");
    expect(only("The White House said the president would sign the bill.").speakerType).toBe("group");
  });

  it("never reports the writer or the reader as a speaker", () => {
    expect(quotes("“The hall was empty by nine,” I said to the guard.")).toHaveLength(0);
    expect(quotes("We said the hall would be empty by nine o'clock.")).toHaveLength(0);
  });
});

describe("a whole article", () => {
  it("finds who said what in article order, with offsets into the source", () => {
    const found = quotes(harbor);
    expect(found.length).toBeGreaterThanOrEqual(8);
    const starts = found.map((q) => q.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    const speakers = new Set(found.map((q) => q.speaker));
    for (const name of ["Maria Delgado", "Thomas Okafor", "Chen Wei", "Lena Varga"]) expect(speakers).toContain(name);
    expect(found.some((q) => q.text.includes("Morning Edition"))).toBe(false);
  });
});

describe("bad input", () => {
  it.each([
    ["thousands of unbalanced quotation marks", `${"“".repeat(200_000)} said Ann Brook ${'”"'.repeat(100_000)}`],
    ["a megabyte line without spaces", "x".repeat(1_000_000)],
    ["a quotation that never closes", `Ann Brook said: “${"the pier will reopen and ".repeat(40_000)}`],
    ["straight quotes in every word", 'a"b "c" said d" '.repeat(60_000)],
    ["thousands of labels and signatures", 'Ann Brook: "the pier" ― Ann Brook '.repeat(20_000)],
    ["thousands of colon lines", "Ann Brook said:\n".repeat(20_000)],
  ])("stays linear on %s", (_, text) => {
    const t = performance.now();
    const found = extractQuotes(input(text));
    const ms = performance.now() - t;
    expect(Array.isArray(found)).toBe(true);
    // A guard against a hang, not a speed claim: each input takes about a second or less, while a
    // quadratic pass over it would take minutes. The margin absorbs a loaded CI machine.
    expect(ms).toBeLessThan(10_000);
  });
});
