import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireStaff } from "~/auth/guards.server";
import { AggregationForm } from "~/components/profile/aggregation-form";
import { deleteAggregation, getAggregation, saveAggregation, unknownComuni } from "~/data/aggregations.server";
import { parseAggregationForm, readAggregationFields } from "~/domain/aggregation-form";
import { Breadcrumb } from "~/components/breadcrumb";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Modifica ${data?.aggregation.name ?? "aggregazione"} — Cruscotto digitale` },
];

const aggregationId = (params: { id?: string }) => idParam(params, "Aggregazione non trovata");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireStaff(request);
  const aggregation = getAggregation(getDb(), aggregationId(params));
  if (!aggregation) throw new Response("Aggregazione non trovata", { status: 404 });
  return { aggregation };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireStaff(request);
  const db = getDb();
  const id = aggregationId(params);
  const form = await request.formData();
  if (form.get("intent") === "elimina") {
    if (!deleteAggregation(db, id)) throw new Response("Aggregazione non trovata", { status: 404 });
    throw redirect("/aggregazioni");
  }
  const fields = readAggregationFields(form);
  const parsed = parseAggregationForm(fields);
  if (!parsed.ok) return { values: fields, errors: parsed.errors };
  const unknown = unknownComuni(db, parsed.value.members);
  if (unknown.length > 0) return { values: fields, errors: { members: `Codici ISTAT sconosciuti: ${unknown.join(", ")}` } };
  const result = saveAggregation(db, id, parsed.value);
  if (!result.ok && result.reason === "non-trovato") throw new Response("Aggregazione non trovata", { status: 404 });
  if (!result.ok) return { values: fields, errors: { name: "Esiste già un'aggregazione con questo nome" } };
  throw redirect(`/aggregazioni/${id}`);
}

export default function EditAggregation() {
  const { aggregation: a } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const values = actionData?.values ?? {
    name: a.name,
    type: a.type,
    leadIstat: a.leadIstat ?? "",
    members: a.members.map((m) => `${m.istat} ${m.name}`).join("\n"),
  };
  return (
    <>
      <Breadcrumb
        trail={[
          { to: "/aggregazioni", label: "Aggregazioni" },
          { to: `/aggregazioni/${a.id}`, label: a.name },
        ]}
        current="Modifica"
      />
      <h1>Modifica l'aggregazione</h1>
      <AggregationForm values={values} errors={actionData?.errors ?? {}} submitLabel="Salva le modifiche" busy={busy} />
      <section aria-labelledby="elimina-aggregazione" className="mt-5">
        <h2 id="elimina-aggregazione" className="h4">
          Elimina l'aggregazione
        </h2>
        <p>«{a.name}» sarà eliminata; i suoi comuni saranno riabbinati ai bandi. L'operazione non si può annullare.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="elimina" />
          <button type="submit" className="btn btn-outline-danger" disabled={busy}>
            Elimina l'aggregazione
          </button>
        </Form>
      </section>
    </>
  );
}
