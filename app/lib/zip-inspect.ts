import { InputError } from "./errors";

/**
 * Checks a ZIP container (XLSX) before anyone unpacks it (SECURITY.md 15): number of entries and
 * declared unpacked size under limits, no ZIP64, no encryption, and a plausible compression ratio
 * (zip bombs). Reads only the central directory. Pure (works on bytes).
 */

export interface ZipLimits {
  maxEntries: number;
  maxUnpackedBytes: number;
  /** Largest unpacked/packed ratio allowed per entry. */
  maxRatio: number;
}

export const XLSX_LIMITS: ZipLimits = { maxEntries: 1000, maxUnpackedBytes: 150 * 1024 * 1024, maxRatio: 200 };

export interface ZipSummary {
  entries: number;
  unpackedBytes: number;
  names: string[];
}

export function inspectZip(bytes: Uint8Array, limits: ZipLimits = XLSX_LIMITS, file?: string): ZipSummary {
  const fail = (reason: string): never => {
    throw new InputError(reason, { file });
  };
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) fail("il file non è un archivio XLSX (ZIP)");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail("archivio XLSX incompleto o danneggiato (manca la directory centrale)");
  const total = view.getUint16(eocd + 10, true);
  const cdSize = view.getUint32(eocd + 12, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (total === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) fail("archivi ZIP64 non ammessi");
  if (total > limits.maxEntries) fail(`troppi elementi nell'archivio (${total}, massimo ${limits.maxEntries})`);
  if (cdOffset + cdSize > eocd) fail("archivio XLSX danneggiato (directory centrale fuori posto)");
  let pos = cdOffset;
  let unpacked = 0;
  const names: string[] = [];
  for (let n = 0; n < total; n++) {
    if (pos + 46 > eocd || view.getUint32(pos, true) !== 0x02014b50) fail("archivio XLSX danneggiato (voce della directory non valida)");
    const flags = view.getUint16(pos + 8, true);
    if (flags & 0x1) fail("archivi cifrati non ammessi");
    const packed = view.getUint32(pos + 20, true);
    const size = view.getUint32(pos + 24, true);
    const nameLength = view.getUint16(pos + 28, true);
    const extraLength = view.getUint16(pos + 30, true);
    const commentLength = view.getUint16(pos + 32, true);
    if (pos + 46 + nameLength > eocd) fail("archivio XLSX danneggiato (nome di voce troncato)");
    names.push(new TextDecoder().decode(bytes.subarray(pos + 46, pos + 46 + nameLength)));
    if (size > 1024 * 1024 && size / Math.max(1, packed) > limits.maxRatio) {
      fail(`rapporto di compressione sospetto (${Math.round(size / Math.max(1, packed))}:1): file rifiutato`);
    }
    unpacked += size;
    if (unpacked > limits.maxUnpackedBytes) fail(`contenuto decompresso oltre ${Math.round(limits.maxUnpackedBytes / 1024 / 1024)} MB`);
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return { entries: total, unpackedBytes: unpacked, names };
}
