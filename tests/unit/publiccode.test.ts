import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "..", "..");

describe("reuse (art. 69 CAD)", () => {
  it("publiccode.yml describes the project with the keys the catalogue requires", () => {
    const doc = parse(readFileSync(join(root, "publiccode.yml"), "utf8")) as Record<string, unknown>;
    for (const key of ["publiccodeYmlVersion", "name", "url", "releaseDate", "platforms", "categories", "developmentStatus", "softwareType", "description", "legal", "maintenance", "localisation"]) {
      expect(doc, key).toHaveProperty(key);
    }
    expect(doc.publiccodeYmlVersion).toBe("0.4");
    expect((doc.legal as { license: string }).license).toBe("EUPL-1.2");
    const it = (doc.description as { it: Record<string, unknown> }).it;
    expect(String(it.shortDescription).length).toBeLessThanOrEqual(150);
    expect(String(it.longDescription).length).toBeGreaterThanOrEqual(150);
    expect(it.features).toBeInstanceOf(Array);
  });

  it("ships the EUPL-1.2 licence text and declares it in package.json", () => {
    expect(readFileSync(join(root, "LICENSE"), "utf8")).toMatch(/EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
    expect(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).license).toBe("EUPL-1.2");
  });
});
