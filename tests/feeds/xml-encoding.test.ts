import { describe, expect, it } from "vitest";
import { decodeXml } from "../../src/feeds/xml-encoding.js";

const latin1 = (text: string) => Buffer.from(text, "latin1");

describe("decoding feed bytes", () => {
  it("decodes the encoding named in the XML declaration", () => {
    const decoded = decodeXml(
      latin1('<?xml version="1.0" encoding="ISO-8859-1"?><t>Gr\u00fc\u00dfe aus K\u00f6ln</t>'),
    );
    expect(decoded).toMatchObject({ ok: true, text: expect.stringContaining("Grüße aus Köln") });
  });

  it("decodes windows-1252 punctuation that ISO-8859-1 lacks", () => {
    const bytes = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="windows-1252"?><t>'),
      Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x80]),
      Buffer.from("</t>"),
    ]);
    expect(decodeXml(bytes)).toMatchObject({ ok: true, text: expect.stringContaining("\u201cHi\u201d \u20ac") });
  });

  it("lets the declaration win over a Content-Type charset", () => {
    const decoded = decodeXml(
      latin1('<?xml version="1.0" encoding="iso-8859-1"?><t>caf\u00e9</t>'),
      "application/xml; charset=utf-8",
    );
    expect(decoded).toMatchObject({ ok: true, text: expect.stringContaining("café") });
  });

  it("uses the Content-Type charset when the document declares none", () => {
    expect(decodeXml(latin1("<t>na\u00efve</t>"), "text/xml; charset=ISO-8859-1")).toMatchObject({
      ok: true,
      text: "<t>naïve</t>",
    });
  });

  it("reads UTF-16 with a byte-order mark", () => {
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('<?xml version="1.0" encoding="UTF-16"?><t>\u00e5</t>', "utf16le"),
    ]);
    expect(decodeXml(bytes)).toMatchObject({ ok: true, text: expect.stringContaining("<t>å</t>") });
  });

  it("falls back to windows-1252 for undeclared bytes that are not UTF-8", () => {
    expect(decodeXml(latin1("<t>\u00e9t\u00e9</t>"))).toMatchObject({
      ok: true,
      text: "<t>été</t>",
      encoding: "windows-1252",
    });
  });

  it("refuses an encoding it does not know, naming it", () => {
    expect(decodeXml(Buffer.from('<?xml version="1.0" encoding="x-unheard-of"?><t/>'))).toEqual({
      ok: false,
      reason: 'unsupported character encoding "x-unheard-of"',
    });
  });
});
