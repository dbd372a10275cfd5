import type { SizeCluster } from "~/domain/clusters";
import { formatEuro, formatInteger } from "~/domain/format";
import { measureLabel } from "~/domain/funding";
import type { PeerComparison, PeerScope } from "~/domain/peers";

export type PeerRow = Omit<PeerComparison, "istat">;

const CLUSTER_PLURAL: Record<SizeCluster, string> = { piccolo: "piccoli", medio: "medi", grande: "grandi" };

function share(row: PeerRow): string {
  return row.peers === 0 ? "—" : `${Math.round((row.peersFunded / row.peers) * 100)} %`;
}

function PeerCell({ row }: { row: PeerRow | undefined }) {
  if (!row || row.peers === 0) return <td>Nessun comune simile</td>;
  return (
    <td>
      {formatInteger(row.peersFunded)} su {formatInteger(row.peers)} ({share(row)})
      {row.medianCents !== null ? <span className="d-block small">mediana {formatEuro(row.medianCents / 100)}</span> : null}
    </td>
  );
}

/**
 * "Confronto con comuni simili": per PNRR measure, how the other comuni of the same size cluster
 * in the province and in the region did — and the measures where they obtained funds and this
 * comune did not.
 */
export function PeerComparisonSection({
  rows,
  sizeCluster,
  provinceName,
  regionName,
}: {
  rows: PeerRow[];
  sizeCluster: SizeCluster;
  provinceName: string;
  regionName: string;
}) {
  const measures = [...new Set(rows.map((r) => r.measure))];
  const find = (measure: string, scope: PeerScope) => rows.find((r) => r.measure === measure && r.scope === scope);
  const group = `comuni ${CLUSTER_PLURAL[sizeCluster]}`;
  const missed = measures
    .map((m) => find(m, "provincia")?.peersFunded ? find(m, "provincia")! : find(m, "regione"))
    .filter((r): r is PeerRow => !!r && r.ownCents === null && r.peersFunded > 0 && r.medianCents !== null);
  return (
    <section aria-labelledby="confronto" className="mb-5">
      <h2 id="confronto">Confronto con comuni simili</h2>
      {measures.length === 0 ? (
        <p>Il confronto sarà disponibile dopo l'import delle candidature finanziate PA digitale 2026.</p>
      ) : (
        <>
          <p className="cd-muted">
            Per ogni misura PNRR, quanti altri {group} della provincia di {provinceName} e dell'intera regione ({regionName})
            hanno ottenuto fondi, e l'importo mediano che hanno ottenuto.
          </p>
          {missed.length > 0 ? (
            <div className="callout">
              <div className="callout-title">Opportunità non colte</div>
              <ul className="mb-0">
                {missed.map((r) => (
                  <li key={r.measure}>
                    {measureLabel(r.measure)}: {formatInteger(r.peersFunded)}{" "}
                    {r.peersFunded === 1 ? `altro comune ${sizeCluster}` : `altri ${group}`}{" "}
                    {r.scope === "provincia" ? `della provincia di ${provinceName}` : `della regione (${regionName})`} (su {formatInteger(r.peers)}){" "}
                    {r.peersFunded === 1 ? "ha ottenuto" : "hanno ottenuto in mediana"} {formatEuro(r.medianCents! / 100)}; il tuo comune no
                    {r.ownRenounced ? " (ha rinunciato ai fondi assegnati)" : ""}.
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">Confronto per misura con i comuni della stessa fascia</caption>
              <thead>
                <tr>
                  <th scope="col">Misura</th>
                  <th scope="col">Il comune</th>
                  <th scope="col">Altri {group} della provincia</th>
                  <th scope="col">Altri {group} della regione</th>
                </tr>
              </thead>
              <tbody>
                {measures.map((m) => {
                  const own = find(m, "regione") ?? find(m, "provincia");
                  return (
                    <tr key={m}>
                      <th scope="row">{measureLabel(m)}</th>
                      <td>
                        {own?.ownCents != null ? formatEuro(own.ownCents / 100) : own?.ownRenounced ? "Rinunciato" : "Nessun fondo"}
                      </td>
                      <PeerCell row={find(m, "provincia")} />
                      <PeerCell row={find(m, "regione")} />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
