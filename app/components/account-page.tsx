import { Link } from "@remix-run/react";
import type { ReactNode } from "react";

/** A page of one's own account (/account/…): a single column with the title, then the way back to the account. */
export function AccountPage({ title, col, children }: { title: string; col: "col-12 col-md-8 col-lg-6" | "col-12 col-lg-8"; children: ReactNode }) {
  return (
    <div className="row">
      <div className={col}>
        <h1>{title}</h1>
        {children}
        <p className="mt-4">
          <Link to="/account">Torna al mio account</Link>
        </p>
      </div>
    </div>
  );
}
