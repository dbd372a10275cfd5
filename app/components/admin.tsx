import { NavLink } from "@remix-run/react";

/** The admin area's local navigation. */
export function AdminNav() {
  const items = [
    { to: "/amministrazione/utenti", label: "Utenti" },
    { to: "/amministrazione/registro", label: "Registro di sicurezza" },
    { to: "/amministrazione/posta", label: "Posta in uscita" },
    { to: "/amministrazione/punteggio", label: "Punteggio degli abbinamenti" },
  ];
  return (
    <nav aria-label="Amministrazione" className="mb-4">
      <ul className="nav nav-tabs">
        {items.map((item) => (
          <li key={item.to} className="nav-item">
            <NavLink to={item.to} className={({ isActive }) => `nav-link${isActive ? " active" : ""}`}>
              {item.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export const STATUS_LABELS = { attivo: "Attivo", invitato: "Invitato (in attesa di attivazione)", disattivato: "Disattivato" } as const;
