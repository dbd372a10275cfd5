/** Italian formatting of numbers, amounts and dates (Europe/Rome). Pure, used by UI and e-mails. */

const integerFormat = new Intl.NumberFormat("it-IT", { maximumFractionDigits: 0, useGrouping: true });
const euroFormat = new Intl.NumberFormat("it-IT", {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
  useGrouping: true,
});
const dateFormat = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
});
const dateTimeFormat = new Intl.DateTimeFormat("it-IT", {
  timeZone: "Europe/Rome",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/**
 * `1234567` → `1.234.567`. Intl's it-IT locale leaves four-digit numbers ungrouped ("5000"),
 * so grouping is forced by hand for them to keep every figure consistent.
 */
export function formatInteger(value: number): string {
  const text = integerFormat.format(value);
  return /^-?\d{4}$/.test(text) ? text.replace(/(\d)(\d{3})$/, "$1.$2") : text;
}

/** `1234567.5` → `€ 1.234.567,50` (PRODUCT.md). */
export function formatEuro(value: number): string {
  const text = euroFormat.format(value);
  const grouped = /^-?\d{4},\d{2}$/.test(text) ? text.replace(/^(-?\d)(\d{3})/, "$1.$2") : text;
  return `€ ${grouped}`;
}

/** A date or instant → `31/03/2026` in Europe/Rome. */
export function formatDate(value: Date | string): string {
  return dateFormat.format(typeof value === "string" ? new Date(value) : value);
}

/** An instant → `31/03/2026, 12:00` in Europe/Rome. */
export function formatDateTime(value: Date | string): string {
  return dateTimeFormat.format(typeof value === "string" ? new Date(value) : value);
}
