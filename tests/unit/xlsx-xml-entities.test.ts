import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseXlsxTemplate } from "~/ingestion/adapters/xlsx-template";
import { InputError } from "~/lib/errors";

/** Minimal ZIP reading/writing (stored entries) to tamper with a real workbook's XML. */
function unzip(bytes: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let pos = 0;
  while (bytes.readUInt32LE(pos) === 0x04034b50) {
    const method = bytes.readUInt16LE(pos + 8);
    const size = bytes.readUInt32LE(pos + 18);
    const nameLength = bytes.readUInt16LE(pos + 26);
    const extraLength = bytes.readUInt16LE(pos + 28);
    const name = bytes.subarray(pos + 30, pos + 30 + nameLength).toString();
    const start = pos + 30 + nameLength + extraLength;
    const data = bytes.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    pos = start + size;
  }
  return files;
}

function zip(files: Map<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const n = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.size, 8);
  end.writeUInt16LE(files.size, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const fixture = readFileSync(join(import.meta.dirname, "..", "fixtures", "xlsx-template", "bandi-modello.xlsx"));

async function titles(bytes: Buffer): Promise<string[] | "InputError"> {
  try {
    const parsed = await parseXlsxTemplate(bytes, "x.xlsx");
    return parsed.items.map((i) => i.call.titolo);
  } catch (error) {
    if (error instanceof InputError) return "InputError";
    throw error;
  }
}

describe("xlsx-template: XML entities (SECURITY.md 15)", () => {
  const files = unzip(fixture);
  const strings = files.get("xl/sharedStrings.xml")!.toString();

  it("the tampering itself works: the untouched workbook re-zipped still reads", async () => {
    expect(await titles(zip(files))).toContain("Contributi per la conservazione digitale degli archivi comunali");
  });

  it("does not expand nested entities (billion laughs) nor read external ones", async () => {
    const doctype =
      '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">' +
      '<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY x SYSTEM "file:///etc/passwd">]>';
    const tampered = strings
      .replace(/^(<\?xml[^>]*\?>)/, `$1${doctype}`)
      .replace("Contributi per la conservazione digitale degli archivi comunali", "&e;&x;");
    expect(tampered).toContain("<!ENTITY e");
    expect(tampered).toContain("&e;&x;");
    const result = await titles(zip(new Map([...files, ["xl/sharedStrings.xml", Buffer.from(tampered)]])));
    if (result !== "InputError") {
      for (const title of result) {
        expect(title.length).toBeLessThan(1000);
        expect(title).not.toMatch(/root:|aaaaaaaaaaaaaaaaaaaa/);
      }
    }
  });
});
