import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useNavigation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { AggregationForm } from "~/components/profile/aggregation-form";
import { saveAggregation, unknownComuni } from "~/data/aggregations.server";
import { parseAggregationForm, readAggregationFields } from "~/domain/aggregation-form";
import { Breadcrumb } from "~/components/breadcrumb";

export const meta: MetaFunction = () => [{ title: "Nuova aggregazione — Cruscotto digitale" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const fields = readAggregationFields(await request.formData());
  const parsed = parseAggregationForm(fields);
  if (!parsed.ok) return { values: fields, errors: parsed.errors };
  const unknown = unknownComuni(db, parsed.value.members);
  if (unknown.length > 0) return { values: fields, errors: { members: `Codici ISTAT sconosciuti: ${unknown.join(", ")}` } };
  const result = saveAggregation(db, undefined, parsed.value);
  if (!result.ok) return { values: fields, errors: { name: "Esiste già un'aggregazione con questo nome" } };
  throw redirect(`/aggregazioni/${result.id}`);
}

export default function NewAggregation() {
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Breadcrumb trail={[{ to: "/aggregazioni", label: "Aggregazioni" }]} current="Nuova aggregazione" />
      <h1>Nuova aggregazione</h1>
      <AggregationForm
        values={actionData?.values ?? { name: "", type: "", leadIstat: "", members: "" }}
        errors={actionData?.errors ?? {}}
        submitLabel="Crea l'aggregazione"
        busy={busy}
      />
    </>
  );
}
