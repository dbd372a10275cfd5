import { formatEuro, formatInteger } from "~/domain/format";
import type { ChartFormat } from "./types";

export function formatValue(value: number | string | null | undefined, format: ChartFormat): string {
  if (value === null || value === undefined || value === "") return "—";
  const n = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(n)) return String(value);
  if (format === "euro") return formatEuro(n);
  if (format === "percent") return `${n.toLocaleString("it-IT", { maximumFractionDigits: 1 })} %`;
  return formatInteger(n);
}

/** Short axis ticks: € 1,2 mln, € 350 mila. */
export function formatTick(value: number, format: ChartFormat): string {
  if (format === "percent") return `${value.toLocaleString("it-IT", { maximumFractionDigits: 1 })} %`;
  if (format !== "euro") return formatInteger(value);
  if (Math.abs(value) >= 1_000_000) return `€ ${(value / 1_000_000).toLocaleString("it-IT", { maximumFractionDigits: 1 })} mln`;
  if (Math.abs(value) >= 1_000) return `€ ${formatInteger(Math.round(value / 1000))} mila`;
  return `€ ${formatInteger(value)}`;
}
