import { Link } from "@remix-run/react";
import type { AggregationSummary } from "~/data/aggregations.server";
import { AGGREGATION_TYPE_LABELS } from "~/domain/taxonomy";

/** "Aggregazioni": unioni, comunità montane and other associations the comune belongs to. */
export function AggregationsSection({ istat, aggregations, canEdit }: { istat: string; aggregations: AggregationSummary[]; canEdit: boolean }) {
  return (
    <section aria-labelledby="aggregazioni" className="mb-5">
      <h2 id="aggregazioni">Aggregazioni</h2>
      {aggregations.length === 0 ? (
        <p>Il comune non risulta in unioni o altre aggregazioni registrate.</p>
      ) : (
        <ul>
          {aggregations.map((a) => (
            <li key={a.id}>
              <Link to={`/aggregazioni/${a.id}`}>{a.name}</Link> — {AGGREGATION_TYPE_LABELS[a.type]}, {a.members}{" "}
              {a.members === 1 ? "comune" : "comuni"}
              {a.leadIstat === istat ? " (capofila)" : a.leadName ? `; capofila: ${a.leadName}` : ""}
            </li>
          ))}
        </ul>
      )}
      {canEdit ? (
        <p>
          <Link to="/aggregazioni">Gestisci le aggregazioni</Link>
        </p>
      ) : null}
    </section>
  );
}
