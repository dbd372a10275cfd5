import { InputError } from "~/lib/errors";
import type { SourceAdapter } from "./types";

/**
 * Downloads a source for `--url` and the scheduler: http(s) only, a timeout over the whole
 * download, a size limit checked on Content-Length and while reading, and a content-type check
 * against the adapter's media types. Every failure is an InputError (nothing is written then).
 */

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { timeoutMs: 30_000, maxBytes: 50 * 1024 * 1024 };

export function mediaTypeOf(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

export async function fetchSource(
  url: string,
  adapter: Pick<SourceAdapter, "mediaTypes">,
  limits: FetchLimits = DEFAULT_FETCH_LIMITS,
): Promise<{ content: Uint8Array; mediaType: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`indirizzo non valido: ${url.slice(0, 200)}`, { file: url });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new InputError(`protocollo non ammesso (${parsed.protocol}): solo http e https`, { file: url });
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeoutMs);
  const limitMb = (limits.maxBytes / 1024 / 1024).toFixed(limits.maxBytes < 1024 * 1024 ? 2 : 0);
  try {
    const response = await fetch(parsed, { signal: controller.signal, redirect: "follow", headers: { Accept: adapter.mediaTypes.join(", ") } });
    if (!response.ok) throw new InputError(`il server ha risposto ${response.status} ${response.statusText}`.trim(), { file: url });
    const mediaType = mediaTypeOf(response.headers.get("content-type"));
    if (!adapter.mediaTypes.includes(mediaType)) {
      throw new InputError(`tipo di contenuto non ammesso «${mediaType || "assente"}»: attesi ${adapter.mediaTypes.join(", ")}`, { file: url });
    }
    const declared = Number(response.headers.get("content-length") ?? "NaN");
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      throw new InputError(`risposta troppo grande (${declared} byte, massimo ${limitMb} MB)`, { file: url });
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limits.maxBytes) {
          controller.abort();
          throw new InputError(`risposta troppo grande (oltre ${limitMb} MB): scaricamento interrotto`, { file: url });
        }
        chunks.push(value);
      }
    }
    return { content: Buffer.concat(chunks), mediaType };
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (controller.signal.aborted) throw new InputError(`tempo scaduto dopo ${limits.timeoutMs / 1000} s`, { file: url });
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new InputError(`scaricamento non riuscito: ${cause?.code ?? cause?.message ?? (error as Error).message}`, { file: url });
  } finally {
    clearTimeout(timer);
  }
}
