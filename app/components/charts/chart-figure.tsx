import { Suspense, lazy, useEffect, useState } from "react";
import { formatValue } from "./format";
import type { BarChartSpec } from "./types";

// recharts is drawn in the browser only, in its own chunk: the server sends the text alternative
// and the data table (docs/decisions/0072-charts.md).
const RechartsBarChart = lazy(() => import("./bar-chart.client"));

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A chart as a figure: caption, a sentence saying what it shows (the text alternative), the
 * drawing (hidden from assistive technologies, which get the table), and the data table in a
 * `<details>` that opens without JavaScript.
 */
export function ChartFigure({ id, title, summary, spec, empty }: { id: string; title: string; summary: string; spec: BarChartSpec; empty?: string }) {
  const hydrated = useHydrated();
  const hasData = spec.rows.length > 0;
  return (
    <figure className="cd-chart" aria-labelledby={`${id}-titolo`} aria-describedby={`${id}-sintesi`}>
      <figcaption id={`${id}-titolo`}>{title}</figcaption>
      <p id={`${id}-sintesi`} className="mb-2">
        {hasData ? summary : (empty ?? "Nessun dato da mostrare.")}
      </p>
      {hasData ? (
        <>
          <div className="cd-chart-canvas" aria-hidden="true" data-chart={id}>
            {hydrated ? (
              <Suspense fallback={<div style={{ height: spec.height ?? 200 }} />}>
                <RechartsBarChart spec={spec} />
              </Suspense>
            ) : null}
          </div>
          <details>
            <summary>Tabella dei dati</summary>
            <div className="table-responsive">
              <table className="table table-sm">
                <caption className="visually-hidden">{title}: dati</caption>
                <thead>
                  <tr>
                    <th scope="col">{spec.categoryLabel}</th>
                    {spec.series.map((s) => (
                      <th scope="col" key={s.key} className="text-end">
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {spec.rows.map((row) => (
                    <tr key={row.label}>
                      <th scope="row">{row.label}</th>
                      {spec.series.map((s) => (
                        <td key={s.key} className="text-end">
                          {formatValue(row[s.key], s.format)}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      ) : null}
    </figure>
  );
}
