import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { CallTable, toTableItem } from "~/components/call-table";
import { Pagination } from "~/components/pagination";
import { Breadcrumb } from "~/components/breadcrumb";
import { RedazioneNav } from "~/components/redazione";
import { listCallsForStaff } from "~/data/calls.server";
import { formatInteger } from "~/domain/format";

export const meta: MetaFunction = () => [{ title: "Da revisionare — Redazione — Cruscotto digitale" }];

const PER_PAGE = 25;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const page = Math.max(1, Math.min(10_000, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  const { items, total } = listCallsForStaff(getDb(), { toReview: true, sort: "aggiornato", page, perPage: PER_PAGE });
  return { items: items.map(toTableItem), total, page, perPage: PER_PAGE };
}

export default function ReviewQueue() {
  const { items, total, page, perPage } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      <Breadcrumb trail={[{ to: "/redazione", label: "Redazione" }]} current="Da revisionare" />
      <h1>Bandi da revisionare</h1>
      <RedazioneNav />
      <p>
        I bandi nuovi attendono la pubblicazione; per i bandi già pubblicati, le modifiche arrivate dalle fonti restano in attesa
        finché la redazione non le approva (il confronto campo per campo è nella scheda del bando).
      </p>
      <p role="status">{total === 0 ? "Niente da revisionare." : `${formatInteger(total)} ${total === 1 ? "bando" : "bandi"} da revisionare.`}</p>
      {items.length > 0 ? <CallTable items={items} caption={`Bandi da revisionare, pagina ${page}`} /> : null}
      <Pagination page={page} perPage={perPage} total={total} searchParams={searchParams} />
    </>
  );
}
