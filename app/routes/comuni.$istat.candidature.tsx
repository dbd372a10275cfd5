import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "~db/client.server";
import { requireComuneAccess, safeRedirect } from "~/auth/guards.server";
import { TrackingPipeline } from "~/components/dashboard/tracking";
import { ProfileBreadcrumb } from "~/components/breadcrumb";
import { getCall } from "~/data/calls.server";
import { trackedCallViews } from "~/data/dashboard.server";
import { comuneOr404 } from "~/data/profiles.server";
import { removeTracking, setTracking, trackingOf } from "~/data/tracking.server";
import { TRACKING_NOTE_MAX, TRACKING_STAGES } from "~/domain/tracking";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Bandi seguiti — ${data?.comune.name ?? "Comune"} — Cruscotto digitale` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  return { comune: { istat: comune.istat, name: comune.name }, items: trackedCallViews(db, comune.istat, new Date()) };
}

const callIdField = z.coerce.number().int().positive();
const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("segui"), callId: callIdField }),
  z.object({ intent: z.literal("aggiorna"), callId: callIdField, stage: z.enum(TRACKING_STAGES), notes: z.string().max(TRACKING_NOTE_MAX).optional() }),
  z.object({ intent: z.literal("rimuovi"), callId: callIdField }),
]);

/** Follow a call, change its stage and notes, stop following it: the comune's RTDs and staff. */
export async function action({ request, params }: ActionFunctionArgs) {
  const current = await requireComuneAccess(request, params.istat ?? "");
  const db = getDb();
  const comune = comuneOr404(db, params.istat ?? "");
  const form = await request.formData();
  const parsed = actionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) throw new Response("Richiesta non valida", { status: 400 });
  const input = parsed.data;
  const back = safeRedirect(form.get("redirectTo"), `/comuni/${comune.istat}/candidature`);
  if (input.intent === "rimuovi") {
    removeTracking(db, comune.istat, input.callId);
    throw redirect(back);
  }
  const call = getCall(db, input.callId);
  const tracked = trackingOf(db, comune.istat, input.callId);
  // Only published calls can be followed; one already followed keeps its stage when followed again.
  if (!tracked && (!call || call.reviewState !== "pubblicato" || call.mergedIntoId !== null)) {
    throw new Response("Bando non trovato", { status: 404 });
  }
  if (input.intent === "segui") {
    if (!tracked) setTracking(db, { istat: comune.istat, callId: input.callId, stage: "interessato", userId: current.user.id });
  } else {
    setTracking(db, { istat: comune.istat, callId: input.callId, stage: input.stage, notes: input.notes ?? null, userId: current.user.id });
  }
  throw redirect(back);
}

export default function TrackedCalls() {
  const { comune, items } = useLoaderData<typeof loader>();
  return (
    <>
      <ProfileBreadcrumb comune={comune} current="Bandi seguiti" />
      <h1>Bandi seguiti da {comune.name}</h1>
      <p>
        Le candidature del comune, dall'interesse all'esito. Segui un bando dalla sua pagina o dal{" "}
        <Link to={`/comuni/${comune.istat}`}>cruscotto del comune</Link>; qui ne aggiorni lo stato e le note di lavoro.
      </p>
      {items.length === 0 ? <p>Il comune non segue ancora nessun bando.</p> : null}
      <TrackingPipeline istat={comune.istat} items={items} redirectTo={`/comuni/${comune.istat}/candidature`} headingLevel={2} />
    </>
  );
}
