import { describe, expect, it } from "vitest";
import { NameTable, PronounState, splitName } from "../../src/analysis/speakers.js";

const table = (...paragraphs: string[]): NameTable => {
  let at = 0;
  return new NameTable({
    paragraphs: paragraphs.map((text) => {
      const p = { text, start: at };
      at += text.length + 2;
      return p;
    }),
  });
};

describe("name table", () => {
  const names = table(
    "U.S. Treasury Secretary Scott Bessent met China’s Vice Minister Li Chenggang in the capital.",
    "Bessent said little. Li said less. Former Secretary of State Hillary Clinton was not there.",
    "Ravi Mehta, founder of the Delta Growers cooperative, watched from the gallery.",
  );

  it("maps a surname to the earliest, longest mention, with its role", () => {
    expect(names.resolve(["Bessent"])).toEqual({ name: "Scott Bessent", role: "U.S. Treasury Secretary" });
  });

  it("maps a family name written first to the full name", () => {
    expect(names.resolve(["Li"])).toEqual({ name: "Li Chenggang", role: "China’s Vice Minister" });
  });

  it("keeps a role that runs across 'of'", () => {
    expect(names.resolve(["Clinton"]).role).toBe("Former Secretary of State");
  });

  it("takes a role from an appositive", () => {
    expect(names.resolve(["Mehta"]).role).toBe("founder of the Delta Growers cooperative");
  });

  it("leaves an unknown name as it is", () => {
    expect(names.resolve(["Jane", "Doe"])).toEqual({ name: "Jane Doe" });
  });

  it("finds the first known person named in a stretch of the text, outside quotations", () => {
    const t = table("On Monday, Bessent flew home.", "“Bessent is tired,” a Treasury aide said of Li on Tuesday.");
    const second = "On Monday, Bessent flew home.".length + 2;
    const none = (): boolean => false;
    expect(t.firstPerson(0, second, none)).toBeUndefined(); // a lone surname nobody named in full
    expect(names.firstPerson(0, 200, none)?.name).toBe("Scott Bessent");
    const quotedUntil = second + 20;
    expect(t.firstPerson(second, second + 60, (at) => at < quotedUntil)).toBeUndefined();
  });

  it("does not read a sentence break as part of a name", () => {
    const t = table("Both men met Jeb Bush. Trump said little.");
    expect(t.resolve(["Trump"]).name).toBe("Trump");
  });
});

describe("role and name split", () => {
  it("separates premodifying titles from the name", () => {
    const words = ["U.S.", "Trade", "Representative", "Jamieson", "Greer"];
    expect(splitName(words)).toEqual({ roleFrom: 0, nameFrom: 3, nameTo: 5 });
  });

  it("drops honorifics from the role", () => {
    expect(splitName(["Mr.", "Obama"])).toEqual({ roleFrom: 1, nameFrom: 1, nameTo: 2 });
  });

  it("finds no name in a group noun phrase", () => {
    expect(splitName(["U.S.", "officials"])).toBeUndefined();
  });
});

describe("pronoun state", () => {
  it("resolves he/she to the last person and they to the last group", () => {
    const state = new PronounState();
    state.saw({ name: "Scott Bessent", type: "person" });
    state.saw({ name: "U.S. officials", type: "group" });
    expect(state.resolve("he")?.name).toBe("Scott Bessent");
    expect(state.resolve("they")?.name).toBe("U.S. officials");
  });
});
