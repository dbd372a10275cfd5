import { LOMBARDY_REGION_CODE } from "~/domain/territory";
import { foldText } from "~/domain/text";
import { type ThemeKey, themeLabel } from "~/domain/taxonomy";
import { InputError } from "~/lib/errors";
import type { AdapterContext, ParsedSource, RawCall, SourceAdapter } from "../types";
import { SourceCollector, calendarDayIfMidnight, isFloatingMidnight, isRecord, own, readJson, safeUrl, textOf } from "./shared";

/**
 * Regione Lombardia — "Anagrafica dei bandi regionali", Socrata dataset `bukx-h2uy`, as the JSON
 * array of `/resource/bukx-h2uy.json`. Every value is a string; `apertura_adesione` and
 * `chiusura_adesione` are floating timestamps (`2026-09-07T00:00:00.000`) kept verbatim: the
 * pipeline reads them as Europe/Rome local time. Decision 0021.
 */

const DROPPED_TYPE = "concorsi pubblici e avvisi sul personale";
export const SKIPPED_STAFF_NOTICES = "concorsi pubblici e avvisi sul personale";

/**
 * Direzioni generali whose name points to exactly one theme. The theme is offered to curators as
 * a suggestion (`temi` stays empty so the pipeline's tagger reads the title): a direzione says
 * who manages a call, not always what it funds (Istruzione also funds research, Welfare is health).
 */
const DIRECTORATE_THEMES: [RegExp, ThemeKey][] = [
  [/\bcultura\b/, "cultura-turismo"],
  [/\bturismo\b/, "cultura-turismo"],
  [/\bsport\b/, "sport"],
  [/\b(trasporti|mobilita)\b/, "mobilita"],
  [/\b(ambiente|clima)\b/, "ambiente"],
  [/\b(famiglia|solidarieta sociale|politiche sociali|housing sociale|disabilita)\b/, "sociale"],
];

export function directorateTheme(directorate: string): ThemeKey | undefined {
  const folded = foldText(directorate);
  const themes = new Set(DIRECTORATE_THEMES.filter(([re]) => re.test(folded)).map(([, theme]) => theme));
  return themes.size === 1 ? [...themes][0] : undefined;
}

/** Link fields some exports carry (not in the documented field list): a URL string or Socrata `{url}`. */
const LINK_FIELDS = ["link", "url", "link_bando", "url_bando", "scheda_bando"];

function linkOf(row: Record<string, unknown>): string | null {
  for (const field of LINK_FIELDS) {
    const value = own(row, field);
    const url = safeUrl(isRecord(value) ? own(value, "url") : value);
    if (url) return url;
  }
  return null;
}

export function parseRegioneLombardia(input: Uint8Array, context: AdapterContext): ParsedSource {
  const file = context.file;
  const data = readJson(input, file);
  if (!Array.isArray(data)) {
    if (isRecord(data) && own(data, "error")) {
      throw new InputError(`il portale Socrata ha risposto con un errore: ${textOf(own(data, "message")) || "senza messaggio"}`, { file });
    }
    throw new InputError("atteso un array JSON di bandi (dataset Socrata bukx-h2uy)", { file });
  }
  const out = new SourceCollector("regione-lombardia");

  data.forEach((row: unknown, index) => {
    const position = { index };
    if (!isRecord(row)) {
      out.reject(position, undefined, "l'elemento non è un oggetto JSON");
      return;
    }
    const type = textOf(own(row, "tipo_strumento"));
    if (foldText(type) === DROPPED_TYPE) {
      out.skip(SKIPPED_STAFF_NOTICES);
      return;
    }
    const code = textOf(own(row, "codice_bando"));
    if (!code) {
      out.reject(position, "codice_bando", "codice del bando mancante");
      return;
    }
    const title = textOf(own(row, "titolo_bando"));
    if (!title) {
      out.reject(position, "titolo_bando", "titolo del bando mancante");
      return;
    }
    const period = out.readPeriod(
      position,
      { field: "apertura_adesione", value: own(row, "apertura_adesione") },
      { field: "chiusura_adesione", value: own(row, "chiusura_adesione") },
    );
    if (!period) return;
    const { opens, closes } = period;
    const directorate = textOf(own(row, "direzione_generale"));
    const closesAtMidnight = closes !== "" && isFloatingMidnight(closes);
    const suggerimenti = [
      "Beneficiari non indicati dalla fonte: completarli dalla scheda del bando.",
    ];
    const theme = directorate ? directorateTheme(directorate) : undefined;
    if (theme) suggerimenti.push(`Tema suggerito dalla direzione generale: ${themeLabel(theme)} (${theme}).`);
    if (!closes) suggerimenti.push("Nessuna data di chiusura: trattato come bando a sportello.");
    if (closesAtMidnight) suggerimenti.push("La fonte indica la chiusura senza ora (00:00): letta come fine giornata, verificare l'ora sulla scheda del bando.");

    const description = [
      type ? `Tipo di strumento: ${type}.` : "",
      directorate ? `Direzione generale: ${directorate}.` : "",
    ]
      .filter(Boolean)
      .join(" ");
    const call: RawCall = {
      idFonte: code,
      titolo: title,
      ente: textOf(own(row, "ente")) || "Regione Lombardia",
      livelloEnte: "regionale",
      descrizione: description || null,
      url: linkOf(row),
      temi: [],
      beneficiari: [],
      territorio: { regioni: [LOMBARDY_REGION_CODE] },
      apertura: opens ? calendarDayIfMidnight(opens) : null,
      scadenza: closes ? calendarDayIfMidnight(closes) : null,
      procedura: closes ? null : "sportello",
      suggerimenti,
    };
    out.add(position, call, "codice_bando");
  });
  return out.result(data.length);
}

export const regioneLombardiaAdapter: SourceAdapter = {
  source: "regione-lombardia",
  label: "Regione Lombardia — Anagrafica dei bandi regionali (Socrata bukx-h2uy)",
  mediaTypes: ["application/json"],
  parse: parseRegioneLombardia,
};
