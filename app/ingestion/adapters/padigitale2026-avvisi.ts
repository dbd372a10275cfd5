import { foldText, squashWhitespace } from "~/domain/text";
import type { BeneficiaryKey, ThemeKey } from "~/domain/taxonomy";
import { cell, decodeText, locateColumns, readCsv } from "~/lib/csv";
import type { AdapterContext, ParsedSource, RawCall, SourceAdapter } from "../types";
import { SourceCollector, ensureInputSize, idFromTitle, readSourceAmount, unique } from "./shared";

/**
 * PA digitale 2026 — `data/avvisi.csv` of the open-data repository (CC-BY-4.0): one row per PNRR
 * M1C1 notice, comma-separated UTF-8, quoted. Checked against the real file of 2026-08-22
 * (57 notices, 7 measures, 14 distinct `soggetti_destinatari`). Mappings: decision 0020.
 */

export const PADIGITALE_ISSUER = "Dipartimento per la trasformazione digitale";

const COLUMNS = {
  title: { names: ["titolo"], required: true },
  measure: { names: ["misura"], required: true },
  opens: { names: ["data_inizio_bando"], required: true },
  closes: { names: ["data_fine_bando"], required: true },
  state: { names: ["stato"], required: false },
  budget: { names: ["totale_importo_stanziato"], required: false },
  recipients: { names: ["soggetti_destinatari"], required: true },
} as const;

/** Themes of each PNRR M1C1 measure (the number before the measure's name). */
export const MEASURE_THEMES: Readonly<Record<string, readonly ThemeKey[]>> = {
  "1.1": ["cloud"], // Infrastrutture digitali (migration to the Polo strategico nazionale)
  "1.2": ["cloud"], // Abilitazione e facilitazione migrazione al Cloud
  "1.3.1": ["interoperabilita"], // Piattaforma Digitale Nazionale Dati
  "1.4.1": ["servizi-digitali"], // Esperienza del cittadino nei servizi pubblici
  "1.4.3": ["pagamenti", "app-io"], // Adozione PagoPA e AppIO
  "1.4.4": ["identita-digitale"], // Adozione identità digitale (SPID, CIE; also ANPR/ANSC notices)
  "1.4.5": ["notifiche"], // Digitalizzazione degli avvisi pubblici (Piattaforma Notifiche Digitali)
};

/**
 * The measure's themes, narrowed by the notice's title where one measure funds separate
 * platforms: 1.4.3 has separate pagoPA and app IO notices, 1.4.4 separate SPID/CIE and ANPR/ANSC ones.
 */
export function themesOf(measureCode: string, title: string): ThemeKey[] {
  const base = MEASURE_THEMES[measureCode];
  if (!base) return [];
  const t = ` ${foldText(title).replace(/[^a-z0-9]+/g, " ")} `;
  if (measureCode === "1.4.3") {
    const pagopa = / pagopa | pago pa /.test(t);
    const appIo = / app io | appio /.test(t);
    if (pagopa !== appIo) return pagopa ? ["pagamenti"] : ["app-io"];
  }
  if (measureCode === "1.4.4" && / (anpr|ansc) /.test(t)) {
    return / (spid|cie) /.test(t) ? ["identita-digitale", "anagrafe"] : ["anagrafe"];
  }
  return [...base];
}

/**
 * Every `soggetti_destinatari` value of the real file, folded, and its beneficiary key.
 * `ente-pubblico` is never used: it would make every comune eligible for notices meant for
 * other bodies. Bodies without a key of their own go to `altro`.
 */
export const RECIPIENT_KEYS: Readonly<Record<string, BeneficiaryKey>> = {
  comuni: "comune",
  comune: "comune",
  scuole: "scuola",
  scuola: "scuola",
  "istituzioni scolastiche": "scuola",
  province: "provincia",
  provincia: "provincia",
  "citta metropolitane": "citta-metropolitana",
  "citta metropolitana": "citta-metropolitana",
  asl: "asl",
  "aziende sanitarie locali": "asl",
  "aziende ospedaliere": "asl",
  "agenzie regionali sanitarie": "asl",
  "enti regionali": "regione",
  regioni: "regione",
  "regioni e province autonome": "regione",
  universita: "universita",
  "istituti di ricerca e afam": "universita",
  "unioni di comuni": "unione-di-comuni",
  "comunita montane": "comunita-montana",
  "pa centrali": "altro",
  "altri enti": "altro",
  "istituti zooprofilattici sperimentali": "altro",
  aoo: "altro",
};

export interface RecipientMapping {
  keys: BeneficiaryKey[];
  unknown: string[];
}

/** `Province;Citta Metropolitane` → `["provincia", "citta-metropolitana"]`; unknown names → `altro`. */
export function mapRecipients(text: string): RecipientMapping {
  const keys: BeneficiaryKey[] = [];
  const unknown: string[] = [];
  for (const raw of text.split(";")) {
    const name = squashWhitespace(raw);
    if (!name) continue;
    const key = RECIPIENT_KEYS[foldText(name)];
    if (key) keys.push(key);
    else {
      keys.push("altro");
      unknown.push(name);
    }
  }
  return { keys: unique(keys), unknown };
}

const MEASURE_CODE_RE = /^\s*(\d+(?:\.\d+)*)\b/;

export function parsePadigitaleAvvisi(input: Uint8Array, context: AdapterContext): ParsedSource {
  const file = context.file;
  ensureInputSize(input, file);
  const table = readCsv(decodeText(input, "auto"), { file, delimiter: "," });
  const col = locateColumns(table.header, COLUMNS, file);
  const out = new SourceCollector("padigitale2026-avvisi");

  for (const row of table.rows) {
    const position = { line: row.line };
    const title = squashWhitespace(cell(row, col.title));
    if (!title || !/[\p{L}\p{N}]/u.test(title)) {
      out.reject(position, "titolo", "titolo mancante");
      continue;
    }
    const measure = squashWhitespace(cell(row, col.measure));
    const period = out.readPeriod(
      position,
      { field: "data_inizio_bando", value: cell(row, col.opens) },
      { field: "data_fine_bando", value: cell(row, col.closes) },
    );
    if (!period) continue;
    const { opens, closes } = period;
    const state = foldText(cell(row, col.state));
    if (state === "terminato" && !closes) {
      out.reject(position, "data_fine_bando", "avviso terminato senza data di fine: non può essere trattato come a sportello");
      continue;
    }
    const budgetText = cell(row, col.budget);
    const budget = budgetText === "" ? null : readSourceAmount(budgetText);
    if (budgetText !== "" && budget === null) {
      out.reject(position, "totale_importo_stanziato", `importo non valido: "${budgetText}"`);
      continue;
    }
    const recipientsText = cell(row, col.recipients);
    const recipients = mapRecipients(recipientsText);
    if (recipients.keys.length === 0) {
      out.reject(position, "soggetti_destinatari", "soggetti destinatari mancanti");
      continue;
    }

    const suggerimenti: string[] = [];
    const code = MEASURE_CODE_RE.exec(measure)?.[1];
    const temi = code ? themesOf(code, title) : [];
    if (!code) suggerimenti.push(`Misura senza numero riconoscibile ("${measure}"): indicare misura PNRR e temi.`);
    else if (!MEASURE_THEMES[code]) suggerimenti.push(`Misura ${code} non prevista dalla mappatura: assegnare i temi.`);
    for (const name of recipients.unknown) {
      suggerimenti.push(`Destinatario non riconosciuto "${name}": assegnato ad "altro", verificare.`);
    }
    if (state && state !== "pubblicato" && state !== "terminato") {
      suggerimenti.push(`Stato indicato dalla fonte non previsto: "${cell(row, col.state)}".`);
    }

    const call: RawCall = {
      idFonte: idFromTitle(title),
      titolo: title,
      ente: PADIGITALE_ISSUER,
      livelloEnte: "nazionale",
      descrizione: `Avviso PA digitale 2026 (PNRR M1C1)${measure ? `, misura ${measure}` : ""}. Destinatari: ${recipientsText
        .split(";")
        .map(squashWhitespace)
        .filter(Boolean)
        .join(", ")}.`,
      temi,
      beneficiari: recipients.keys,
      dotazione: budget,
      apertura: opens || null,
      scadenza: closes || null,
      // PA digitale 2026 notices fund applications in order of arrival within their window.
      procedura: "sportello",
      misuraPnrr: code ? `M1C1-${code}` : null,
    };
    if (suggerimenti.length > 0) call.suggerimenti = suggerimenti;
    out.add(position, call, "titolo");
  }
  return out.result(table.rows.length);
}

export const padigitale2026AvvisiAdapter: SourceAdapter = {
  source: "padigitale2026-avvisi",
  label: "PA digitale 2026 — avvisi (avvisi.csv)",
  mediaTypes: ["text/csv", "application/csv", "text/plain"],
  parse: parsePadigitaleAvvisi,
};
