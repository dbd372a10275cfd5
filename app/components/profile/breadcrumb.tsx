import { Link } from "@remix-run/react";

/** Home / Comuni / <comune> / <current>: the trail of the profile editors. */
export function ProfileBreadcrumb({ comune, current }: { comune: { istat: string; name: string }; current: string }) {
  return (
    <nav aria-label="Percorso di navigazione" className="breadcrumb-container">
      <ol className="breadcrumb">
        <li className="breadcrumb-item">
          <Link to="/">Home</Link>
          <span className="separator">/</span>
        </li>
        <li className="breadcrumb-item">
          <Link to="/comuni">Comuni</Link>
          <span className="separator">/</span>
        </li>
        <li className="breadcrumb-item">
          <Link to={`/comuni/${comune.istat}`}>{comune.name}</Link>
          <span className="separator">/</span>
        </li>
        <li className="breadcrumb-item active" aria-current="page">
          {current}
        </li>
      </ol>
    </nav>
  );
}
