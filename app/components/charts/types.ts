/** A bar chart described as plain data (serialisable; the same data fills the accessible table). */
export type ChartFormat = "euro" | "integer" | "percent";

export interface ChartSeries {
  key: string;
  label: string;
  format: ChartFormat;
}

export type ChartRow = { label: string } & Record<string, string | number | null>;

export interface BarChartSpec {
  rows: ChartRow[];
  series: ChartSeries[];
  /** Long category labels read better as horizontal bars. */
  layout: "horizontal" | "vertical";
  /** Label of the category column in the data table. */
  categoryLabel: string;
  height?: number;
  /** How many of the series (from the first) the drawing shows; the table shows them all. */
  chartSeries?: number;
}

/** Series colours: Bootstrap Italia primary, green and amber, each ≥ 3:1 against white (WCAG 1.4.11). */
export const SERIES_COLORS = ["#0066cc", "#008055", "#995c00", "#5c2d91"];
