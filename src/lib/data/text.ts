/**
 * From a file's bytes to its text: UTF-8 (with or without a byte-order mark), or UTF-16 (as
 * Excel's "Unicode Text" writes it, told by its byte-order mark or its pattern of NUL bytes).
 * Anything else is refused with what the file is and what to do: a known binary format by name
 * (binary.ts), NUL bytes as binary, and other bytes as text in another encoding.
 */
import { binaryKind } from './binary';
import { DataError } from './errors';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How much of the start of a file the UTF-16 and NUL-byte checks read. */
const SAMPLE = 4096;

/** 'utf-16le' or 'utf-16be' when the bytes are UTF-16 text, else null. */
export function utf16Order(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  // UTF-32 byte-order marks begin like UTF-16's; they are not UTF-16.
  if (bytes[0] === 0xff && bytes[1] === 0xfe && !(bytes[2] === 0 && bytes[3] === 0))
    return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // Without a mark: mostly-ASCII UTF-16 has a NUL in nearly every second byte and none between.
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd >= 0.7 * pairs && even <= 0.02 * pairs) return 'utf-16le';
  if (even >= 0.7 * pairs && odd <= 0.02 * pairs) return 'utf-16be';
  return null;
}

/** The 1-based line of byte offset `at`. */
function lineOf(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line += 1;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    const need =
      b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (!need || i + need >= bytes.length) return i;
    const second = bytes[i + 1];
    // Overlong forms, UTF-16 surrogates and code points above U+10FFFF.
    const low = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const high = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return i;
    for (let k = 2; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return bytes.length;
}

/**
 * The file's text and how it was encoded, or a DataError that says what the file is and what to
 * do. A byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const binary = binaryKind(bytes);
  if (binary)
    throw new DataError(
      `This is ${binary.what}, not a text file of rows and columns. ${binary.advice}`,
    );
  const order = utf16Order(bytes);
  if (order) {
    try {
      const text = new TextDecoder(order, { fatal: true, ignoreBOM: false }).decode(bytes);
      return { text, encoding: order };
    } catch {
      throw new DataError(
        `This looks like UTF-16 text, but some of its bytes are not valid UTF-16. Save it again as "CSV UTF-8" from your spreadsheet and drop that file.`,
      );
    }
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0)
    throw new DataError(
      `This file holds NUL bytes (the first on line ${lineOf(bytes, nul)}), which a text file does not: it is probably a binary file of some program, not a CSV. Export or save the data as "CSV UTF-8" and drop that file; if it is a text file, remove the NUL bytes.`,
      { row: lineOf(bytes, nul) },
    );
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: 'utf-8' };
  } catch {
    const line = lineOf(bytes, firstInvalidUtf8(bytes));
    throw new DataError(
      `The file is not UTF-8 text (first bad byte on line ${line}). Save it as "CSV UTF-8" from your spreadsheet, or convert it with: iconv -f latin1 -t utf-8 file.csv > file-utf8.csv`,
      { row: line },
    );
  }
}
