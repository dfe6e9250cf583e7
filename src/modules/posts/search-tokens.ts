/**
 * The search tokenizer, run in the application so the embedded database and a PostgreSQL
 * server behave alike (no extension, no collation dependence):
 * - Latin letters and digits make lower-cased words (`SEO` → `seo`);
 * - a run of Chinese/Japanese/Korean characters makes its overlapping two-character
 *   pieces (`直通车` → `直通`, `通车`), so a two-character term is found inside longer
 *   text; documents also keep every single character so a one-character query works.
 */
const CJK = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}';
const PIECES = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}])+`, 'gu');
const CJK_RUN = new RegExp(`^[${CJK}]+$`, 'u');

/** Longest Latin word kept (longer ones are noise, and index bloat). */
const MAX_WORD = 64;

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** The query's terms: Latin words and CJK runs, as typed (normalized). */
export function searchTerms(query: string): string[] {
  return [...new Set(normalize(query).match(PIECES) ?? [])].map((term) => term.slice(0, MAX_WORD));
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const pieces: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) pieces.push(chars[i] + chars[i + 1]);
  return pieces;
}

/** The distinct tokens stored for a document (its title and body). */
export function documentTokens(...texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const term of searchTerms(texts.join('\n'))) {
    if (CJK_RUN.test(term)) {
      for (const char of term) tokens.add(char);
      for (const piece of bigrams(term)) tokens.add(piece);
    } else {
      tokens.add(term);
    }
  }
  return [...tokens];
}

/** The tokens a document must all contain to match the query (`search_tokens @> these`). */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const term of searchTerms(query)) {
    if (CJK_RUN.test(term)) for (const piece of bigrams(term)) tokens.add(piece);
    else tokens.add(term);
  }
  return [...tokens];
}
