import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls, themes } from "~db/schema";
import { listThemes, updateTheme } from "~/data/themes.server";
import { parseThemeForm } from "~/domain/theme-form";
import { runIngest } from "~/ingestion/pipeline.server";
import { createTestDb } from "../setup/db";

const bando = (idFonte: string, titolo: string) =>
  Buffer.from(JSON.stringify({ fonte: "prova", bandi: [{ idFonte, titolo, ente: "Regione Lombardia", beneficiari: ["comune"] }] }));

describe("curators edit theme labels and keywords, never keys (API.md)", () => {
  it("validates the form: trimmed label, keywords one per line, folded duplicates dropped", () => {
    expect(parseThemeForm("  Cloud e   data center ", "Cloud\nPolo strategico\n\ncloud, CLÒUD")).toEqual({
      ok: true,
      label: "Cloud e data center",
      keywords: ["cloud", "polo strategico"],
    });
    expect(parseThemeForm("x", "")).toEqual({
      ok: false,
      errors: { label: expect.stringContaining("almeno 2"), keywords: expect.stringContaining("almeno una") },
    });
    expect(parseThemeForm("Sport", `${"a".repeat(61)}`)).toMatchObject({ ok: false, errors: { keywords: expect.stringContaining("da 2 a 60") } });
  });

  it("the next ingestion tags with the edited keywords; the key cannot change", async () => {
    const db = createTestDb();
    const before = await runIngest(db, { source: "bando-json", content: bando("1", "Contributi per le bocciofile comunali"), input: "a.json" });
    expect(before.created).toBe(1);
    expect(db.select({ themes: calls.themes }).from(calls).get()?.themes).toEqual([]);

    expect(updateTheme(db, "sport", { label: "Sport e tempo libero", keywords: ["sport", "bocciofile"] })).toBe(true);
    expect(updateTheme(db, "non-esiste", { label: "X", keywords: ["x"] })).toBe(false);
    expect(listThemes(db).find((t) => t.key === "sport")).toEqual({ key: "sport", label: "Sport e tempo libero", keywords: ["sport", "bocciofile"], position: 22 });

    await runIngest(db, { source: "bando-json", content: bando("2", "Riqualificazione delle bocciofile"), input: "b.json" });
    const tagged = db.select({ themes: calls.themes }).from(calls).where(eq(calls.title, "Riqualificazione delle bocciofile")).get();
    expect(tagged?.themes).toContain("sport");
    expect(db.select().from(themes).all()).toHaveLength(23);
  });
});
