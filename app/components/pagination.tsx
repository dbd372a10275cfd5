import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** Accessible pagination that keeps every other query parameter (state lives in the URL). */
export function Pagination({
  page,
  perPage,
  total,
  searchParams,
  label = "Paginazione dei risultati",
}: {
  page: number;
  perPage: number;
  total: number;
  searchParams: URLSearchParams;
  label?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  if (pages <= 1) return null;
  const href = (p: number) => {
    const next = new URLSearchParams(searchParams);
    if (p <= 1) next.delete("page");
    else next.set("page", String(p));
    const qs = next.toString();
    return qs ? `?${qs}` : "?";
  };
  const window = new Set([1, pages, page - 1, page, page + 1].filter((p) => p >= 1 && p <= pages));
  const shown = [...window].sort((a, b) => a - b);
  return (
    <nav className="pagination-wrapper" aria-label={label}>
      <ul className="pagination">
        <li className={`page-item${page <= 1 ? " disabled" : ""}`}>
          {page <= 1 ? (
            <span className="page-link" aria-disabled="true">Precedente</span>
          ) : (
            <Link className="page-link" to={href(page - 1)} rel="prev">
              Precedente
            </Link>
          )}
        </li>
        {shown.map((p, i) => (
          <li key={p} className="page-item">
            {i > 0 && p - shown[i - 1]! > 1 ? <span className="page-link" aria-hidden="true">…</span> : null}
            {p === page ? (
              <span className="page-link" aria-current="page">
                <span className="visually-hidden">Pagina </span>
                {p}
              </span>
            ) : (
              <Link className="page-link" to={href(p)}>
                <span className="visually-hidden">Pagina </span>
                {p}
              </Link>
            )}
          </li>
        ))}
        <li className={`page-item${page >= pages ? " disabled" : ""}`}>
          {page >= pages ? (
            <span className="page-link" aria-disabled="true">Successiva</span>
          ) : (
            <Link className="page-link" to={href(page + 1)} rel="next">
              Successiva
            </Link>
          )}
        </li>
      </ul>
    </nav>
  );
}

/**
 * A list page's results: the table (its caption for screen readers only) when there are rows,
 * else `empty`, then the pagination. `children` are the table's head and body.
 */
export function PagedTable({
  rows,
  className,
  caption,
  empty = null,
  pagination,
  children,
}: {
  rows: number;
  className: string;
  caption: ReactNode;
  empty?: ReactNode;
  pagination: Parameters<typeof Pagination>[0];
  children: ReactNode;
}) {
  return (
    <>
      {rows > 0 ? (
        <div className="table-responsive">
          <table className={className}>
            <caption className="visually-hidden">{caption}</caption>
            {children}
          </table>
        </div>
      ) : (
        empty
      )}
      <Pagination {...pagination} />
    </>
  );
}
