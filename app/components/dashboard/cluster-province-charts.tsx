import { ChartFigure } from "~/components/charts/chart-figure";
import type { ChartRow, ChartSeries } from "~/components/charts/types";
import { topSummary } from "~/domain/overview";

/**
 * One measure of the regional overview in two charts side by side: per size cluster (narrow,
 * vertical bars) and per province (wide, horizontal bars). The cluster chart draws the first of
 * `series`; the province chart draws `rankBy`, listed first in its table, and its summary names
 * the provinces that rank highest by it. The figures' ids are `${id}-fasce` and `${id}-province`.
 */
export function ClusterProvinceCharts({
  id,
  clusterTitle,
  provinceTitle,
  clusterRows,
  provinceRows,
  series,
  rankBy,
  clusterSummary,
  provinceSummary,
}: {
  id: string;
  clusterTitle: string;
  provinceTitle: string;
  clusterRows: ChartRow[];
  provinceRows: ChartRow[];
  /** In the cluster chart's order: the first is drawn and summed up. */
  series: [ChartSeries, ...ChartSeries[]];
  /** The key the province chart draws and ranks the provinces by. */
  rankBy: string;
  /** What the summaries say before the values (topSummary). */
  clusterSummary: string;
  provinceSummary: string;
}) {
  const [first] = series;
  const ranked = series.find((s) => s.key === rankBy) ?? first;
  const provinceSeries = [ranked, ...series.filter((s) => s !== ranked)];
  const byRank = [...provinceRows].sort((a, b) => (b[rankBy] as number) - (a[rankBy] as number));
  return (
    <div className="row">
      <div className="col-12 col-xl-5">
        <ChartFigure
          id={`${id}-fasce`}
          title={clusterTitle}
          summary={topSummary(clusterRows, first.key, clusterSummary, first.format)}
          spec={{ rows: clusterRows, layout: "vertical", categoryLabel: "Fascia", chartSeries: 1, series }}
        />
      </div>
      <div className="col-12 col-xl-7">
        <ChartFigure
          id={`${id}-province`}
          title={provinceTitle}
          summary={topSummary(byRank, ranked.key, provinceSummary, ranked.format)}
          spec={{ rows: provinceRows, layout: "horizontal", categoryLabel: "Provincia", chartSeries: 1, series: provinceSeries }}
        />
      </div>
    </div>
  );
}
