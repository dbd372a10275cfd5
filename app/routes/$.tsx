/** Unknown pages: a 404 rendered by the root error boundary. */
export async function loader() {
  throw new Response("Pagina non trovata", { status: 404 });
}

export default function NotFound() {
  return null;
}
