/**
 * A file's dialect, detected from its first 64 KB: the delimiter (comma, tab or semicolon) and the
 * quote character (double quotes, or single quotes when every header name is wrapped in them, as
 * R's and some statsmodels exports write). Pure.
 */
import Papa from 'papaparse';

export const DELIMITERS = [',', '\t', ';'];
export const DELIMITER_NAMES: Record<string, string> = {
  ',': 'comma',
  '\t': 'tab',
  ';': 'semicolon',
};

/** How much of the start of a file detection reads. */
export const SAMPLE_CHARS = 64 * 1024;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first line of `text` after `skip` lines (a quoted name never holds a line break). */
function lineAfter(text: string, skip: number): string {
  let at = 0;
  for (let i = 0; i < skip && at >= 0; i++) {
    const next = text.indexOf('\n', at);
    at = next < 0 ? -1 : next + 1;
  }
  if (at < 0) return '';
  const end = text.indexOf('\n', at);
  return text.slice(at, end < 0 ? undefined : end).replace(/\r$/, '');
}

/**
 * "'" when every name on the header line is wrapped in single quotes (a quote inside written
 * twice), with any of the delimiters between them; else '"'.
 */
export function detectQuote(sample: string, skip: number): string {
  const line = lineAfter(sample, skip).trim();
  if (!line.startsWith("'")) return '"';
  const field = "\\s*'(?:[^']|'')*'\\s*";
  const wrapped = DELIMITERS.some((d) =>
    new RegExp(`^${field}(?:${escape(d)}${field})*$`).test(line),
  );
  return wrapped ? "'" : '"';
}

/**
 * Picks the delimiter that splits the header into the most fields; among equals, the one that
 * splits the first rows consistently; then comma, tab, semicolon. Ragged rows are reported later,
 * by row, rather than taken as a sign of another delimiter.
 */
export function detectDelimiter(
  sample: string,
  quoteChar: string,
  skip: number,
  cut: boolean,
): string {
  let best = { delimiter: ',', fields: 1, consistent: false };
  for (const delimiter of DELIMITERS) {
    const records = Papa.parse<string[]>(sample, {
      delimiter,
      quoteChar,
      preview: 20 + skip,
      skipEmptyLines: 'greedy',
    }).data.slice(skip);
    // The last sampled row may be cut off by the sample's end.
    const full = cut ? records.slice(0, -1) : records;
    const fields = full[0]?.length ?? 0;
    const consistent = full.every((r) => r.length === fields);
    if (fields > best.fields || (fields === best.fields && consistent && !best.consistent)) {
      best = { delimiter, fields, consistent };
    }
  }
  return best.delimiter;
}
