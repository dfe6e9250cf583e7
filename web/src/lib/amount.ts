/**
 * Reads an amount of yuan the way people type it: `70000000`, `70,000,000`, `7000万`,
 * `7,000万`, `7000 万元`, `7千万`, `1.2亿`, `1亿2000万`, `¥70,000,000`, `70 million`, `7000w`.
 * Full-width characters count as their ASCII twins. Answers whole yuan, or `null` for
 * anything else: no digits, unknown words, a fraction of a yuan, a negative amount, more
 * than 10^13 (the API's bound).
 */
export function parseCnyAmount(text: string): number | null {
  let rest = text.normalize('NFKC').trim().toLowerCase();
  rest = rest.replace(/^(?:¥|rmb|cny)\s*/, '').replace(/\s*(?:元|块|rmb|cny|yuan)$/, '');
  if (rest === '') return null;

  let total = 0n;
  let previousUnit: bigint | null = null;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < rest.length) {
    const start = TERM.lastIndex;
    const match = TERM.exec(rest);
    if (!match || match.index !== start) return null;
    const [, whole = '', fraction = '', word = ''] = match;
    const unit = unitOf(word);
    if (unit === null) return null;
    const digits = whole.replace(/[,' _]/g, '');
    const scale = 10n ** BigInt(fraction.length);
    const scaled = BigInt(digits + fraction) * unit;
    if (scaled % scale !== 0n) return null;
    if (previousUnit !== null) {
      // After the first part, each names less than the unit before it (1亿2000万), and a
      // last part without a unit spells out every digit (1万5000, never the spoken 1万5).
      if (previousUnit === 1n || unit >= previousUnit || scaled / scale >= previousUnit) {
        return null;
      }
      if (unit === 1n && (fraction !== '' || digits.length !== String(previousUnit).length - 1)) {
        return null;
      }
    }
    previousUnit = unit;
    total += scaled / scale;
  }
  return total <= MAX ? Number(total) : null;
}

const MAX = 10n ** 13n;

/**
 * A number (digits; groups of three or four after `,`, `'`, `_` or a space; a decimal
 * part), then its unit.
 */
const TERM = /(\d+(?:[,' _]\d{3,4}(?!\d))*)(?:\.(\d+))?\s*([十百千万亿]+|[a-z]+)?\s*/y;

const SMALL: Record<string, bigint> = { 十: 10n, 百: 100n, 千: 1_000n };
const LARGE: Record<string, bigint> = { 万: 10_000n, 亿: 100_000_000n, 万亿: 10n ** 12n };
const LATIN: Record<string, bigint> = {
  k: 1_000n,
  w: 10_000n,
  m: 1_000_000n,
  mn: 1_000_000n,
  million: 1_000_000n,
  b: 1_000_000_000n,
  bn: 1_000_000_000n,
  billion: 1_000_000_000n,
};

/** `''` → 1; `千万` → 10^7 (a small unit, then a large one); `万千` or `abc` → null. */
function unitOf(word: string): bigint | null {
  if (word === '') return 1n;
  const latin = LATIN[word];
  if (latin !== undefined) return latin;
  const match = /^([十百千]?)(万亿|亿|万)?$/.exec(word);
  if (!match) return null;
  const [, small = '', large = ''] = match;
  return (SMALL[small] ?? 1n) * (LARGE[large] ?? 1n);
}
