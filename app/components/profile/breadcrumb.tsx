import { Link } from "@remix-run/react";

/** The breadcrumb trail: links, then the current page (aria-current). */
export function Breadcrumb({ trail, current }: { trail: { to: string; label: string }[]; current: string }) {
  return (
    <nav aria-label="Percorso di navigazione" className="breadcrumb-container">
      <ol className="breadcrumb">
        {trail.map((item) => (
          <li key={item.to} className="breadcrumb-item">
            <Link to={item.to}>{item.label}</Link>
            <span className="separator">/</span>
          </li>
        ))}
        <li className="breadcrumb-item active" aria-current="page">
          {current}
        </li>
      </ol>
    </nav>
  );
}

/** Home / Comuni / <comune> / <current>: the trail of the profile editors. */
export function ProfileBreadcrumb({ comune, current }: { comune: { istat: string; name: string }; current: string }) {
  return (
    <Breadcrumb
      trail={[
        { to: "/", label: "Home" },
        { to: "/comuni", label: "Comuni" },
        { to: `/comuni/${comune.istat}`, label: comune.name },
      ]}
      current={current}
    />
  );
}
