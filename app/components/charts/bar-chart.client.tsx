import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTick, formatValue } from "./format";
import { type BarChartSpec, SERIES_COLORS } from "./types";

/**
 * The recharts drawing of a BarChartSpec. Loaded lazily in the browser only (ChartFigure): the
 * server sends the text alternative and the data table, so the page is complete without it.
 */
export default function RechartsBarChart({ spec: full }: { spec: BarChartSpec }) {
  const spec = { ...full, series: full.series.slice(0, full.chartSeries ?? full.series.length) };
  const horizontal = spec.layout === "horizontal";
  const format = spec.series[0]?.format ?? "integer";
  const height = spec.height ?? (horizontal ? Math.max(160, 36 * spec.rows.length + 60) : 280);
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={spec.rows} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 24, bottom: 8, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" horizontal={!horizontal} vertical={horizontal} />
        {horizontal ? (
          <>
            <XAxis type="number" tickFormatter={(v: number) => formatTick(v, format)} allowDecimals={format !== "integer"} />
            <YAxis type="category" dataKey="label" width={190} tick={{ fontSize: 13 }} interval={0} />
          </>
        ) : (
          <>
            <XAxis type="category" dataKey="label" tick={{ fontSize: 13 }} interval="preserveStartEnd" minTickGap={8} />
            <YAxis type="number" tickFormatter={(v: number) => formatTick(v, format)} width={80} allowDecimals={format !== "integer"} />
          </>
        )}
        <Tooltip
          formatter={(value, name) => {
            const series = spec.series.find((s) => s.label === name);
            return [formatValue(value as number, series?.format ?? format), name];
          }}
        />
        {spec.series.length > 1 ? <Legend /> : null}
        {spec.series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.label} fill={SERIES_COLORS[i % SERIES_COLORS.length]} isAnimationActive={false} maxBarSize={36} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
