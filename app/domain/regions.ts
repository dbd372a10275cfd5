import { foldText } from "./text";

/**
 * Italy's 20 regions with their ISTAT codes, and lenient lookups for sources and forms that
 * write names or unpadded codes instead of ISTAT codes (incentivi.gov.it `Regioni`, bando-json
 * `territorio.regioni`, the curators' edit form). The one region table of the project. Pure.
 */
export interface Region {
  code: string;
  name: string;
  /** Other spellings seen in public data (bilingual names, autonomous provinces). */
  aliases: readonly string[];
}

export const ITALIAN_REGIONS: readonly Region[] = [
  { code: "01", name: "Piemonte", aliases: [] },
  { code: "02", name: "Valle d'Aosta", aliases: ["Valle d'Aosta/Vallée d'Aoste", "Vallée d'Aoste", "Val d'Aosta", "Valle Aosta"] },
  { code: "03", name: "Lombardia", aliases: [] },
  {
    code: "04",
    name: "Trentino-Alto Adige",
    aliases: [
      "Trentino-Alto Adige/Südtirol",
      "Trentino Alto Adige Sudtirol",
      "Provincia autonoma di Bolzano",
      "Provincia autonoma di Bolzano/Bozen",
      "Provincia autonoma di Trento",
      "P.A. Bolzano",
      "P.A. Trento",
      "Bolzano",
      "Trento",
    ],
  },
  { code: "05", name: "Veneto", aliases: [] },
  { code: "06", name: "Friuli-Venezia Giulia", aliases: ["Friuli Venezia Giulia"] },
  { code: "07", name: "Liguria", aliases: [] },
  { code: "08", name: "Emilia-Romagna", aliases: ["Emilia Romagna"] },
  { code: "09", name: "Toscana", aliases: [] },
  { code: "10", name: "Umbria", aliases: [] },
  { code: "11", name: "Marche", aliases: [] },
  { code: "12", name: "Lazio", aliases: [] },
  { code: "13", name: "Abruzzo", aliases: [] },
  { code: "14", name: "Molise", aliases: [] },
  { code: "15", name: "Campania", aliases: [] },
  { code: "16", name: "Puglia", aliases: [] },
  { code: "17", name: "Basilicata", aliases: [] },
  { code: "18", name: "Calabria", aliases: [] },
  { code: "19", name: "Sicilia", aliases: ["Regione Siciliana"] },
  { code: "20", name: "Sardegna", aliases: [] },
];

/** Names meaning "the whole country": no territorial restriction. */
const WHOLE_COUNTRY = ["tutte", "tutte le regioni", "italia", "nazionale", "intero territorio nazionale", "tutto il territorio nazionale"];

/** Letters and digits only: "Emilia-Romagna", "EMILIA ROMAGNA" and "EmiliaRomagna" are one key. */
function nameKey(value: string): string {
  return foldText(value).replace(/[^a-z0-9]+/g, "");
}

const CODES = new Set(ITALIAN_REGIONS.map((r) => r.code));
const BY_NAME = new Map<string, string>();
for (const region of ITALIAN_REGIONS) {
  for (const name of [region.name, ...region.aliases]) BY_NAME.set(nameKey(name), region.code);
}
const WHOLE_COUNTRY_KEYS = new Set(WHOLE_COUNTRY.map(nameKey));

/**
 * The ISTAT region code for a name ("Lombardia" → "03", "Emilia Romagna" → "08"), `"*"` for a
 * name that means the whole country ("Tutte"), or undefined when the name is not a region.
 */
export function regionCodeByName(name: string): string | "*" | undefined {
  const key = nameKey(name);
  if (WHOLE_COUNTRY_KEYS.has(key)) return "*";
  return BY_NAME.get(key);
}

/**
 * The ISTAT region code for a code or a name: "03", "3", "Lombardia", "LOMBARDIA",
 * "Trentino-Alto Adige/Südtirol" → its code; null when the value is not one region (a name for
 * the whole country, such as "Tutte", is not a region either).
 */
export function regionCode(value: string): string | null {
  const v = value.trim();
  if (/^\d{1,2}$/.test(v)) {
    const code = v.padStart(2, "0");
    return CODES.has(code) ? code : null;
  }
  const code = regionCodeByName(v);
  return code === undefined || code === "*" ? null : code;
}
