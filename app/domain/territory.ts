/** Lombardy's provinces and reference codes (ISTAT). Pure data. */

export const LOMBARDY_REGION_CODE = "03";
export const LOMBARDY_REGION_NAME = "Lombardia";

export interface Province {
  sigla: string;
  code: string; // ISTAT province code, 3 digits
  name: string;
  capoluogoIstat: string;
}

export const LOMBARDY_PROVINCES: readonly Province[] = [
  { sigla: "BG", code: "016", name: "Bergamo", capoluogoIstat: "016024" },
  { sigla: "BS", code: "017", name: "Brescia", capoluogoIstat: "017029" },
  { sigla: "CO", code: "013", name: "Como", capoluogoIstat: "013075" },
  { sigla: "CR", code: "019", name: "Cremona", capoluogoIstat: "019036" },
  { sigla: "LC", code: "097", name: "Lecco", capoluogoIstat: "097042" },
  { sigla: "LO", code: "098", name: "Lodi", capoluogoIstat: "098031" },
  { sigla: "MN", code: "020", name: "Mantova", capoluogoIstat: "020030" },
  { sigla: "MI", code: "015", name: "Milano", capoluogoIstat: "015146" },
  { sigla: "MB", code: "108", name: "Monza e della Brianza", capoluogoIstat: "108033" },
  { sigla: "PV", code: "018", name: "Pavia", capoluogoIstat: "018110" },
  { sigla: "SO", code: "014", name: "Sondrio", capoluogoIstat: "014061" },
  { sigla: "VA", code: "012", name: "Varese", capoluogoIstat: "012133" },
];

const BY_SIGLA = new Map(LOMBARDY_PROVINCES.map((p) => [p.sigla, p]));
const CAPOLUOGHI = new Set(LOMBARDY_PROVINCES.map((p) => p.capoluogoIstat));

export function provinceBySigla(sigla: string): Province | undefined {
  return BY_SIGLA.get(sigla.toUpperCase());
}

/** ISTAT province code ("016") from a comune's 6-digit code ("016024"). */
export function provinceCodeOf(istat: string): string {
  return istat.slice(0, 3);
}

export function provinceByCode(code: string): Province | undefined {
  return LOMBARDY_PROVINCES.find((p) => p.code === code);
}

export function isLombardCapoluogo(istat: string): boolean {
  return CAPOLUOGHI.has(istat);
}

export const ISTAT_CODE_RE = /^\d{6}$/;

export function isIstatCode(value: string): boolean {
  return ISTAT_CODE_RE.test(value);
}
