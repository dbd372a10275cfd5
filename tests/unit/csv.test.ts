import { describe, expect, it } from "vitest";
import { decodeText, detectDelimiter, locateColumns, readCsv } from "~/lib/csv";
import { InputError } from "~/lib/errors";

describe("CSV reading", () => {
  it("detects the delimiter from the header line, ignoring quoted text", () => {
    expect(detectDelimiter('a;b;"c,d"\n1;2;3')).toBe(";");
    expect(detectDelimiter("a,b,c\n1;2;3")).toBe(",");
    expect(detectDelimiter("a\tb\tc")).toBe("\t");
  });

  it("decodes UTF-8 with BOM and windows-1252", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe("a");
    expect(decodeText(new Uint8Array([0x48, 0x6f, 0xe8]), "windows-1252")).toBe("Hoè");
    // Invalid UTF-8 falls back to windows-1252 when the encoding is unknown.
    expect(decodeText(new Uint8Array([0x48, 0x6f, 0xe8]), "auto")).toBe("Hoè");
  });

  it("gives each row the line where it starts, even after newlines inside quotes", () => {
    const table = readCsv('"a\nb";c\r\n1;2\r\n"x\ny";3\r\n4;5\r\n', { delimiter: ";" });
    expect(table.header).toEqual(["a b", "c"]);
    expect(table.rows.map((r) => r.line)).toEqual([3, 4, 6]);
  });

  it("reports unreadable CSV as InputError with the line", () => {
    expect(() => readCsv('a,b\n"unterminated,1\n', { file: "x.csv" })).toThrow(InputError);
    expect(() => readCsv("", { file: "vuoto.csv" })).toThrow(/vuoto/);
  });

  it("finds columns by name and names the missing ones", () => {
    const header = ["codice comune formato alfanumerico", "denominazione in italiano"];
    expect(
      locateColumns(header, {
        istat: { names: ["Codice Comune formato alfanumerico"], required: true },
        name: { names: ["Denominazione in italiano"], required: true },
      }),
    ).toEqual({ istat: 0, name: 1 });
    expect(() =>
      locateColumns(header, { sigla: { names: ["Sigla automobilistica"], required: true } }, "f.csv"),
    ).toThrow(/Sigla automobilistica/);
  });
});
