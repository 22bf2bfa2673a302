/**
 * Recognises files that are not delimited text from their first bytes (a renamed PNG, an Excel
 * workbook, a PDF, a gzip or Parquet file, …) so the person is told what the file is and what to
 * do, instead of advice about text encodings that cannot help. Each kind is one entry of KINDS.
 */

export interface BinaryKind {
  /** What the file is, as a noun phrase: "an Excel workbook (.xlsx)". */
  what: string;
  /** What to do instead, one or two sentences. */
  advice: string;
}

const SAVE_AS_CSV = 'save or export the data as "CSV UTF-8" and drop that file';
/** For a file that holds no table at all: `what` holds none. */
const noTable = (what: string) =>
  `${what} holds no table to read: drop the data file itself, as CSV, TSV or semicolon-separated text (renaming a file to .csv does not change what it holds).`;

const startsWith = (bytes: Uint8Array, signature: number[] | string, at = 0) => {
  const sig =
    typeof signature === 'string' ? [...signature].map((c) => c.charCodeAt(0)) : signature;
  if (bytes.length < at + sig.length) return false;
  return sig.every((b, i) => bytes[at + i] === b);
};

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const u16 = (bytes: Uint8Array, at: number) => bytes[at] | (bytes[at + 1] << 8);
const u32 = (bytes: Uint8Array, at: number) => (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;

/** Entry names of a ZIP archive: local headers from the start, the central directory at the end. */
export function zipEntryNames(bytes: Uint8Array): string[] {
  const names: string[] = [];
  // Local file headers, walked while their sizes are known (bit 3 unset).
  let at = 0;
  for (let n = 0; n < 64 && startsWith(bytes, 'PK\x03\x04', at); n++) {
    const nameLength = u16(bytes, at + 26);
    const extra = u16(bytes, at + 28);
    const name = latin1(bytes.subarray(at + 30, at + 30 + nameLength));
    names.push(name);
    if (name === 'mimetype')
      names.push(
        `mimetype:${latin1(bytes.subarray(at + 30 + nameLength + extra, at + 30 + nameLength + extra + 80))}`,
      );
    if (u16(bytes, at + 6) & 0x08) break;
    at += 30 + nameLength + extra + u32(bytes, at + 18);
  }
  // Central directory records in the last 64 KB.
  const tailStart = Math.max(0, bytes.length - 65536);
  for (let i = bytes.length - 46; i >= tailStart; i--) {
    if (bytes[i] === 0x50 && startsWith(bytes, 'PK\x01\x02', i)) {
      const nameLength = u16(bytes, i + 28);
      names.push(latin1(bytes.subarray(i + 46, i + 46 + nameLength)));
    }
  }
  return names;
}

function zipKind(bytes: Uint8Array): BinaryKind {
  const names = zipEntryNames(bytes);
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  const mimetype = names.find((n) => n.startsWith('mimetype:')) ?? '';
  if (has('xl/'))
    return {
      what: 'an Excel workbook (.xlsx)',
      advice:
        'Open it in Excel and use File › Save As › "CSV UTF-8 (Comma delimited) (*.csv)" for the sheet you want (in LibreOffice: Save As › Text CSV, character set UTF-8), then drop the .csv file.',
    };
  if (mimetype.includes('opendocument.spreadsheet'))
    return {
      what: 'an OpenDocument spreadsheet (.ods)',
      advice:
        'Open it in LibreOffice Calc and use File › Save As › "Text CSV (.csv)" with the character set "Unicode (UTF-8)", then drop the .csv file.',
    };
  if (has('word/') || mimetype.includes('opendocument.text'))
    return {
      what: 'a word-processor document (.docx or .odt)',
      advice: `A document is not a data table: copy its table into a spreadsheet, ${SAVE_AS_CSV}.`,
    };
  if (has('ppt/') || mimetype.includes('opendocument.presentation'))
    return {
      what: 'a presentation (.pptx or .odp)',
      advice: noTable('A presentation'),
    };
  return {
    what: 'a ZIP archive',
    advice: 'Unzip it and drop the CSV file inside (one file at a time).',
  };
}

/** Directory entry names of an OLE2 compound file (legacy .xls, .doc, .ppt). */
function oleStreamNames(bytes: Uint8Array): string[] {
  const sectorSize = 1 << u16(bytes, 0x1e);
  const first = u32(bytes, 0x30);
  if (sectorSize < 128 || sectorSize > 4096 || first > 0xfffffff0) return [];
  const start = (first + 1) * sectorSize;
  const names: string[] = [];
  // The directory usually lies in consecutive sectors; reading a few finds the main streams.
  for (let at = start; at + 128 <= Math.min(bytes.length, start + 8 * sectorSize); at += 128) {
    const length = Math.min(64, u16(bytes, at + 0x40));
    let name = '';
    for (let i = 0; i + 2 < length; i += 2) name += String.fromCharCode(u16(bytes, at + i));
    if (name) names.push(name);
  }
  return names;
}

function oleKind(bytes: Uint8Array): BinaryKind {
  const names = oleStreamNames(bytes);
  if (names.includes('Workbook') || names.includes('Book'))
    return {
      what: 'a legacy Excel workbook (.xls)',
      advice:
        'Open it in Excel or LibreOffice Calc and save the sheet you want as "CSV UTF-8" (Excel: File › Save As › CSV UTF-8), then drop the .csv file.',
    };
  if (names.includes('WordDocument'))
    return {
      what: 'a legacy Word document (.doc)',
      advice: `A document is not a data table: copy its table into a spreadsheet, ${SAVE_AS_CSV}.`,
    };
  if (names.includes('PowerPoint Document'))
    return { what: 'a legacy PowerPoint presentation (.ppt)', advice: noTable('A presentation') };
  return {
    what: 'a legacy Microsoft Office file (.xls, .doc or .ppt)',
    advice: `If it is a workbook, open it in Excel or LibreOffice Calc and ${SAVE_AS_CSV}.`,
  };
}

/** Signatures at the start of the file, checked in order. */
const KINDS: { test: (bytes: Uint8Array) => boolean; kind: (bytes: Uint8Array) => BinaryKind }[] = [
  {
    test: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    kind: () => ({ what: 'a PNG image', advice: noTable('An image') }),
  },
  {
    test: (b) => startsWith(b, [0xff, 0xd8, 0xff]),
    kind: () => ({ what: 'a JPEG image', advice: noTable('An image') }),
  },
  {
    test: (b) => startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a'),
    kind: () => ({ what: 'a GIF image', advice: noTable('An image') }),
  },
  {
    test: (b) => startsWith(b, '%PDF-'),
    kind: () => ({
      what: 'a PDF document',
      advice: `A PDF cannot be read as data: export the table as CSV from the program that made it, or copy it into a spreadsheet and ${SAVE_AS_CSV}.`,
    }),
  },
  {
    test: (b) => startsWith(b, 'PK\x03\x04') || startsWith(b, 'PK\x05\x06'),
    kind: zipKind,
  },
  {
    test: (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    kind: oleKind,
  },
  {
    test: (b) => startsWith(b, [0x1f, 0x8b]),
    kind: () => ({
      what: 'a gzip-compressed file (.gz)',
      advice:
        'Decompress it first (double-click it, or run: gunzip file.csv.gz) and drop the .csv file it holds.',
    }),
  },
  {
    test: (b) => startsWith(b, 'PAR1'),
    kind: () => ({
      what: 'an Apache Parquet file',
      advice:
        "Convert it to CSV first, e.g. in Python: pandas.read_parquet('file.parquet').to_csv('file.csv', index=False), and drop the .csv file.",
    }),
  },
  {
    test: (b) => startsWith(b, 'ARROW1'),
    kind: () => ({
      what: 'an Apache Arrow / Feather file',
      advice:
        "Convert it to CSV first, e.g. in Python: pandas.read_feather('file.feather').to_csv('file.csv', index=False), and drop the .csv file.",
    }),
  },
  {
    test: (b) => startsWith(b, 'SQLite format 3\x00'),
    kind: () => ({
      what: 'an SQLite database',
      advice:
        'Export a table as CSV first, e.g.: sqlite3 -header -csv file.db "select * from my_table;" > my_table.csv, and drop the .csv file.',
    }),
  },
];

/** What the file is when its first bytes name a binary format, or null. */
export function binaryKind(bytes: Uint8Array): BinaryKind | null {
  for (const k of KINDS) if (k.test(bytes)) return k.kind(bytes);
  return null;
}
