import { Link } from "@remix-run/react";
import type { ReviewState } from "~/domain/call";
import { formatDate, formatDateTime } from "~/domain/format";
import { DemoBadge, StateBadge } from "./redazione";

export interface CallTableItem {
  id: number;
  publicId: string;
  title: string;
  issuer: string;
  reviewState: ReviewState;
  pendingSince: string | null;
  deadline: string | null;
  updatedAt: string;
}

/** The curators' table of calls (review queue, all calls). */
export function CallTable({ items, caption }: { items: CallTableItem[]; caption: string }) {
  return (
    <div className="table-responsive">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Bando</th>
            <th scope="col">Ente</th>
            <th scope="col">Stato</th>
            <th scope="col">Scadenza</th>
            <th scope="col">Ultima modifica</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id}>
              <th scope="row">
                <Link to={`/redazione/bandi/${c.id}`}>{c.title}</Link>
                <div className="small cd-muted">
                  {c.publicId} {c.publicId.startsWith("demo:") ? <DemoBadge /> : null}
                </div>
              </th>
              <td>{c.issuer}</td>
              <td>
                <StateBadge state={c.reviewState} />
                {c.pendingSince ? <div className="small">Modifica in attesa dal {formatDate(c.pendingSince)}</div> : null}
              </td>
              <td>{c.deadline ? formatDateTime(c.deadline) : "a sportello"}</td>
              <td>{formatDateTime(c.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function toTableItem(row: CallTableItem): CallTableItem {
  return {
    id: row.id,
    publicId: row.publicId,
    title: row.title,
    issuer: row.issuer,
    reviewState: row.reviewState,
    pendingSince: row.pendingSince,
    deadline: row.deadline,
    updatedAt: row.updatedAt,
  };
}
