import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireComuneAccess } from "~/auth/guards.server";
import { ProfileBreadcrumb } from "~/components/breadcrumb";
import { ProgrammeItemForm } from "~/components/profile/programme-form";
import { comuneOr404 } from "~/data/profiles.server";
import { deleteProgrammeItem, getProgrammeItem, updateProgrammeItem } from "~/data/programme.server";
import { parseProgrammeForm, programmeFieldsOf, readProgrammeFields } from "~/domain/programme";
import { idParam } from "~/utils/params";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Modifica voce di programmazione — ${data?.comune.name ?? "Comune"} — Cruscotto digitale` },
];

const itemId = (params: { id?: string }) => idParam(params, "Voce non trovata");

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  // The item is looked up through its comune: another comune's item is "not found".
  const item = getProgrammeItem(db, comune.istat, itemId(params));
  if (!item) throw new Response("Voce non trovata", { status: 404 });
  return { comune: { istat: comune.istat, name: comune.name }, item };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  const id = itemId(params);
  const form = await request.formData();
  if (form.get("intent") === "elimina") {
    if (!deleteProgrammeItem(db, comune.istat, id)) throw new Response("Voce non trovata", { status: 404 });
    throw redirect(`/comuni/${comune.istat}#programmazione`);
  }
  const fields = readProgrammeFields(form);
  const parsed = parseProgrammeForm(fields);
  if (!parsed.ok) return { values: fields, errors: parsed.errors };
  const result = updateProgrammeItem(db, comune.istat, id, parsed.value);
  if (!result.ok && result.reason === "non-trovato") throw new Response("Voce non trovata", { status: 404 });
  if (!result.ok) {
    return { values: fields, errors: { title: "Esiste già una voce con questo titolo per questo strumento di programmazione" } };
  }
  throw redirect(`/comuni/${comune.istat}#programmazione`);
}

export default function EditProgrammeItem() {
  const { comune, item } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  return (
    <>
      <ProfileBreadcrumb comune={comune} current="Modifica voce di programmazione" />
      <h1>Modifica voce di programmazione</h1>
      <p>
        Comune di <Link to={`/comuni/${comune.istat}`}>{comune.name}</Link>.
      </p>
      <ProgrammeItemForm
        values={actionData?.values ?? programmeFieldsOf(item)}
        errors={actionData?.errors ?? {}}
        submitLabel="Salva le modifiche"
        busy={busy}
      />
      <section aria-labelledby="elimina-voce" className="mt-5">
        <h2 id="elimina-voce" className="h4">
          Elimina la voce
        </h2>
        <p>La voce «{item.title}» sarà eliminata dalla programmazione del comune. L'operazione non si può annullare.</p>
        <Form method="post">
          <input type="hidden" name="intent" value="elimina" />
          <button type="submit" className="btn btn-outline-danger" disabled={busy}>
            Elimina la voce
          </button>
        </Form>
      </section>
    </>
  );
}
