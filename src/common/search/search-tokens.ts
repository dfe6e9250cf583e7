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

/**
 * Distinct tokens of a query that count: the first 16, further ones are ignored (the
 * query then matches a little more widely). Bounds the work of one search whatever its
 * length.
 */
export const MAX_QUERY_TOKENS = 16;

/** A token in the title weighs this many occurrences in the body. */
export const TITLE_WEIGHT = 3;

/** How many of a document's heaviest tokens keep their weight (see `documentWeights`). */
export const MAX_WEIGHTED_TOKENS = 128;

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Latin words and CJK runs in order of appearance, repeats included (normalized). */
function pieces(text: string): string[] {
  return (normalize(text).match(PIECES) ?? []).map((piece) => piece.slice(0, MAX_WORD));
}

/** The query's terms: Latin words and CJK runs, as typed (normalized), each once. */
export function searchTerms(query: string): string[] {
  return [...new Set(pieces(query))];
}

function bigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1]);
  return grams;
}

/** A document's tokens of one piece: a word, or a run's single characters and pieces. */
function documentTokensOf(piece: string): string[] {
  return CJK_RUN.test(piece) ? [...piece, ...bigrams(piece)] : [piece];
}

/** The distinct tokens stored for a document (a post's title, body and tags). */
export function documentTokens(...texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const term of searchTerms(texts.join('\n'))) {
    for (const token of documentTokensOf(term)) tokens.add(token);
  }
  return [...tokens];
}

/**
 * How much each token weighs in a document, for ranking without reading the text again:
 * `TITLE_WEIGHT` per occurrence in the title or a tag plus 1 per occurrence in the body. Only
 * tokens weighing more than 1 are kept, the `MAX_WEIGHTED_TOKENS` heaviest: a token of
 * `documentTokens` missing here weighs 1.
 */
export function documentWeights(
  title: string,
  body: string,
  tags: readonly string[] = [],
): Record<string, number> {
  const weights = new Map<string, number>();
  for (const [text, weight] of [
    [title, TITLE_WEIGHT],
    ...tags.map((tag) => [tag, TITLE_WEIGHT] as const),
    [body, 1],
  ] as const) {
    for (const piece of pieces(text)) {
      for (const token of documentTokensOf(piece)) {
        weights.set(token, (weights.get(token) ?? 0) + weight);
      }
    }
  }
  return Object.fromEntries(
    [...weights]
      .filter(([, weight]) => weight > 1)
      .sort(([, a], [, b]) => b - a)
      .slice(0, MAX_WEIGHTED_TOKENS),
  );
}

/**
 * The tokens a document must all contain to match the query (`search_tokens @> these`),
 * at most `MAX_QUERY_TOKENS` of them.
 */
export function queryTokens(query: string): string[] {
  const tokens = new Set<string>();
  for (const term of searchTerms(query)) {
    for (const token of CJK_RUN.test(term) ? bigrams(term) : [term]) {
      if (tokens.size === MAX_QUERY_TOKENS) return [...tokens];
      tokens.add(token);
    }
  }
  return [...tokens];
}
