import { useEffect, useRef, useState } from "react";
import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from "recharts";
import { formatTick } from "./format";
import { type BarChartSpec, SERIES_COLORS } from "./types";

/** The width of the drawing's box, followed on resize (recharts' ResponsiveContainer, without its weight). */
function useWidth(): [React.RefObject<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * The recharts drawing of a BarChartSpec, loaded lazily in the browser only (ChartFigure): the
 * server sends the text alternative and the data table, so the page is complete without it.
 * Values are printed on the bars and the legend is plain HTML: no tooltip to hunt for with a
 * pointer (and 11 KB less JavaScript, docs/decisions/0072-charts.md).
 */
export default function RechartsBarChart({ spec: full }: { spec: BarChartSpec }) {
  const [ref, width] = useWidth();
  const spec = { ...full, series: full.series.slice(0, full.chartSeries ?? full.series.length) };
  const horizontal = spec.layout === "horizontal";
  const format = spec.series[0]?.format ?? "integer";
  const perRow = horizontal ? 22 * spec.series.length + 14 : 0;
  const height = spec.height ?? (horizontal ? Math.max(140, perRow * spec.rows.length + 40) : 280);
  const narrow = width > 0 && width < 480;
  return (
    <div ref={ref}>
      {spec.series.length > 1 ? (
        <ul className="cd-legend">
          {spec.series.map((s, i) => (
            <li key={s.key}>
              <span className="cd-legend-swatch" style={{ background: SERIES_COLORS[i % SERIES_COLORS.length] }} />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      {width > 0 ? (
        <BarChart
          width={width}
          height={height}
          data={spec.rows}
          layout={horizontal ? "vertical" : "horizontal"}
          margin={{ top: 16, right: horizontal ? 96 : 8, bottom: 8, left: 8 }}
          accessibilityLayer={false}
        >
          <CartesianGrid strokeDasharray="3 3" horizontal={!horizontal} vertical={horizontal} />
          {horizontal ? (
            <>
              <XAxis type="number" tickFormatter={(v: number) => formatTick(v, format)} allowDecimals={format !== "integer"} />
              <YAxis type="category" dataKey="label" width={narrow ? 110 : 190} tick={{ fontSize: narrow ? 11 : 13 }} interval={0} />
            </>
          ) : (
            <>
              <XAxis type="category" dataKey="label" tick={{ fontSize: narrow ? 11 : 13 }} interval="preserveStartEnd" minTickGap={8} />
              <YAxis type="number" tickFormatter={(v: number) => formatTick(v, format)} width={72} allowDecimals={format !== "integer"} />
            </>
          )}
          {spec.series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={SERIES_COLORS[i % SERIES_COLORS.length]} isAnimationActive={false} maxBarSize={36}>
              <LabelList
                dataKey={s.key}
                position={horizontal ? "right" : "top"}
                fontSize={12}
                fill="#1a1a1a"
                formatter={(v: unknown) => (typeof v === "number" && v > 0 ? formatTick(v, s.format) : "")}
              />
            </Bar>
          ))}
        </BarChart>
      ) : null}
    </div>
  );
}

