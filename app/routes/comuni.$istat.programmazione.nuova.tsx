import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getDb } from "~db/client.server";
import { requireComuneAccess } from "~/auth/guards.server";
import { ProgrammeItemForm } from "~/components/profile/programme-form";
import { ProfileBreadcrumb } from "~/components/breadcrumb";
import { createProgrammeItem } from "~/data/programme.server";
import { comuneOr404 } from "~/data/profiles.server";
import { EMPTY_PROGRAMME_FIELDS, parseProgrammeForm, readProgrammeFields } from "~/domain/programme";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Nuova voce di programmazione — ${data?.comune.name ?? "Comune"} — Cruscotto digitale` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireComuneAccess(request, params.istat ?? "");
  const comune = comuneOr404(getDb(), params.istat ?? "");
  return { comune: { istat: comune.istat, name: comune.name } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  await requireComuneAccess(request, params.istat ?? "");
  const comune = comuneOr404(getDb(), params.istat ?? "");
  const fields = readProgrammeFields(await request.formData());
  const parsed = parseProgrammeForm(fields);
  if (!parsed.ok) return { values: fields, errors: parsed.errors };
  const result = createProgrammeItem(getDb(), comune.istat, parsed.value);
  if (!result.ok) {
    return { values: fields, errors: { title: "Esiste già una voce con questo titolo per questo strumento di programmazione" } };
  }
  throw redirect(`/comuni/${comune.istat}#programmazione`);
}

export default function NewProgrammeItem() {
  const { comune } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <ProfileBreadcrumb comune={comune} current="Nuova voce di programmazione" />
      <h1>Nuova voce di programmazione</h1>
      <p>
        Comune di <Link to={`/comuni/${comune.istat}`}>{comune.name}</Link>. I campi obbligatori sono indicati.
      </p>
      <ProgrammeItemForm
        values={actionData?.values ?? EMPTY_PROGRAMME_FIELDS}
        errors={actionData?.errors ?? {}}
        submitLabel="Aggiungi la voce"
        busy={busy}
      />
    </>
  );
}
