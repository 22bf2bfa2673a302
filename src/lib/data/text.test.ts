import { describe, expect, it } from 'vitest';
import { zipEntryNames } from './binary';
import { DataError } from './errors';
import { decodeText } from './text';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(
    parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)),
  );

function advice(b: Uint8Array): string {
  try {
    decodeText(b);
  } catch (e) {
    if (e instanceof DataError) return e.message;
    throw e;
  }
  throw new Error('expected a DataError');
}

/** A ZIP archive's local header for a stored (uncompressed) entry, as zip tools write it. */
function zipEntry(name: string, content = '') {
  const u16 = (n: number) => [n & 0xff, n >> 8];
  const u32 = (n: number) => [...u16(n & 0xffff), ...u16(n >>> 16)];
  return bytes(
    'PK\x03\x04',
    u16(20),
    u16(0),
    u16(0),
    u32(0),
    u32(0),
    u32(content.length),
    u32(content.length),
    u16(name.length),
    u16(0),
    name,
    content,
  );
}
const zip = (...entries: Uint8Array[]) => Uint8Array.from(entries.flatMap((e) => [...e]));

/** An OLE2 compound file: the header, then one directory sector naming `streams`. */
function ole(...streams: string[]) {
  const file = new Uint8Array(512 * 2);
  file.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  file[0x1e] = 9; // 512-byte sectors
  file.set([0, 0, 0, 0], 0x30); // the directory starts at sector 0, right after the header
  ['Root Entry', ...streams].forEach((name, i) => {
    const at = 512 + i * 128;
    [...name].forEach((c, k) => (file[at + 2 * k] = c.charCodeAt(0)));
    file[at + 0x40] = 2 * (name.length + 1);
  });
  return file;
}

describe('what a file that is not text is', () => {
  it.each([
    ['a PNG image', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
    ['a JPEG image', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF')],
    ['a GIF image', bytes('GIF89a', [1, 0, 1, 0])],
    ['a PDF document', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')],
    ['a gzip-compressed file (.gz)', bytes([0x1f, 0x8b, 8, 0, 0, 0, 0, 0])],
    ['an Apache Parquet file', bytes('PAR1', [0x15, 0x04])],
    ['an Apache Arrow / Feather file', bytes('ARROW1\0\0')],
    ['an SQLite database', bytes('SQLite format 3\0', [0x10, 0])],
    [
      'an Excel workbook (.xlsx)',
      zip(zipEntry('[Content_Types].xml', '<x/>'), zipEntry('xl/workbook.xml')),
    ],
    [
      'an OpenDocument spreadsheet (.ods)',
      zip(
        zipEntry('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'),
        zipEntry('content.xml'),
      ),
    ],
    ['a word-processor document (.docx or .odt)', zip(zipEntry('word/document.xml'))],
    ['a ZIP archive', zip(zipEntry('data/train.csv', 'a,b\n1,2\n'))],
    ['a legacy Excel workbook (.xls)', ole('Workbook', '\x05SummaryInformation')],
    ['a legacy Word document (.doc)', ole('WordDocument', '1Table')],
    ['a legacy Microsoft Office file (.xls, .doc or .ppt)', ole('Something')],
  ])('names %s and says what to do instead of iconv', (what, file) => {
    const message = advice(file);
    expect(message).toMatch(
      new RegExp(`^This is ${what.replace(/[().*/]/g, '\\$&')}, not a text file`),
    );
    expect(message).not.toMatch(/iconv/);
  });

  it('gives spreadsheet users the way to a CSV', () => {
    expect(advice(zip(zipEntry('xl/workbook.xml')))).toMatch(/Save As › "CSV UTF-8/);
    expect(advice(ole('Workbook'))).toMatch(/CSV UTF-8/);
    expect(advice(bytes([0x1f, 0x8b, 8]))).toMatch(/gunzip/);
  });

  it('reads the entry names of a ZIP archive from its local headers', () => {
    expect(zipEntryNames(zip(zipEntry('a.txt', 'hello'), zipEntry('xl/b.xml')))).toEqual([
      'a.txt',
      'xl/b.xml',
    ]);
  });

  it('calls other NUL bytes binary, with the line of the first', () => {
    const message = advice(bytes('a,b\n1,2\n3,\0\0\x01\x02'));
    expect(message).toMatch(/^This file holds NUL bytes \(the first on line 3\)/);
    expect(message).not.toMatch(/iconv/);
  });

  it('keeps the iconv advice for text in another encoding', () => {
    expect(advice(bytes('name\ncaf\xe9\n'))).toMatch(
      /not UTF-8 text \(first bad byte on line 2\).*iconv/,
    );
  });
});

describe('UTF-16 text', () => {
  const text = 'a\tb\nü,1\t2\n';
  const le = (s: string) =>
    Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8]));
  const be = (s: string) =>
    Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));

  it('reads it with a byte-order mark, either order', () => {
    expect(decodeText(Uint8Array.from([0xff, 0xfe, ...le(text)]))).toEqual({
      text,
      encoding: 'utf-16le',
    });
    expect(decodeText(Uint8Array.from([0xfe, 0xff, ...be(text)]))).toEqual({
      text,
      encoding: 'utf-16be',
    });
  });

  it('reads it without one, from its pattern of NUL bytes', () => {
    expect(decodeText(le(text))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(be(text))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('reads UTF-8 as before, with its byte-order mark dropped', () => {
    const utf8 = new TextEncoder().encode('\ufeffa,b\ncafé,1\n');
    expect(decodeText(utf8)).toEqual({ text: 'a,b\ncafé,1\n', encoding: 'utf-8' });
  });
});
