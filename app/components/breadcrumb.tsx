import { Link } from "@remix-run/react";

export interface Crumb {
  to: string;
  label: string;
}

/**
 * The breadcrumb of every page (Bootstrap Italia markup): Home, the trail of links, then the
 * current page, marked with aria-current. The separators are decoration, hidden from screen
 * readers (the list already says where each step ends).
 */
export function Breadcrumb({ trail = [], current }: { trail?: readonly Crumb[]; current: string }) {
  const links = [{ to: "/", label: "Home" }, ...trail];
  return (
    <nav aria-label="Percorso di navigazione" className="breadcrumb-container">
      <ol className="breadcrumb">
        {links.map((item) => (
          <li key={item.to} className="breadcrumb-item">
            <Link to={item.to}>{item.label}</Link>
            <span className="separator" aria-hidden="true">
              /
            </span>
          </li>
        ))}
        <li className="breadcrumb-item active" aria-current="page">
          {current}
        </li>
      </ol>
    </nav>
  );
}

/** Home / Comuni / <comune> / <current>: the trail of a comune's profile editors. */
export function ProfileBreadcrumb({ comune, current }: { comune: { istat: string; name: string }; current: string }) {
  return (
    <Breadcrumb
      trail={[
        { to: "/comuni", label: "Comuni" },
        { to: `/comuni/${comune.istat}`, label: comune.name },
      ]}
      current={current}
    />
  );
}
