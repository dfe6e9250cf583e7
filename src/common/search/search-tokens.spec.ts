import {
  documentTokens,
  documentWeights,
  MAX_QUERY_TOKENS,
  MAX_WEIGHTED_TOKENS,
  queryTokens,
  TITLE_WEIGHT,
  searchTerms,
} from './search-tokens';

describe('search tokens', () => {
  it('lower-cases Latin words and splits them from Chinese text', () => {
    expect(searchTerms('SEO优化 tips, 2024!')).toEqual(['seo', '优化', 'tips', '2024']);
  });

  it('stores overlapping two-character pieces and single characters of a Chinese run', () => {
    expect(documentTokens('直通车运营')).toEqual(
      expect.arrayContaining(['直通', '通车', '车运', '运营', '直', '营']),
    );
  });

  it('makes a two-character query one piece, a longer one its pieces', () => {
    expect(queryTokens('直通')).toEqual(['直通']);
    expect(queryTokens('直通车')).toEqual(['直通', '通车']);
    expect(queryTokens('运')).toEqual(['运']);
  });

  it('finds a query inside a document exactly when its tokens are contained', () => {
    const doc = new Set(documentTokens('淘宝直通车的 SEO 运营经验', '店铺推广'));
    const found = (q: string) => queryTokens(q).every((token) => doc.has(token));
    expect(found('直通')).toBe(true);
    expect(found('运营')).toBe(true);
    expect(found('seo')).toBe(true);
    expect(found('SEO 推广')).toBe(true);
    expect(found('直播')).toBe(false);
    expect(found('marketing')).toBe(false);
  });

  it('normalizes full-width letters', () => {
    expect(queryTokens('ＳＥＯ')).toEqual(['seo']);
  });

  it('gives no token for punctuation alone', () => {
    expect(queryTokens('  !!， ')).toEqual([]);
  });

  it(`keeps the first ${MAX_QUERY_TOKENS} distinct tokens of a long query and ignores the rest`, () => {
    const words = Array.from({ length: 66 }, (_, i) => `w${i}`);
    expect(queryTokens(words.join(' '))).toEqual(words.slice(0, MAX_QUERY_TOKENS));
    // Repeats do not use up the cap; a long Chinese run counts its pieces.
    expect(queryTokens(`seo ${'seo '.repeat(40)}tips`)).toEqual(['seo', 'tips']);
    const run = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉';
    expect(queryTokens(run)).toHaveLength(MAX_QUERY_TOKENS);
    expect(queryTokens(run)[0]).toBe('甲乙');
  });

  it('weighs a token 3 per occurrence in the title and 1 in the body, keeping only those over 1', () => {
    const weights = documentWeights('SEO 直通车', 'seo seo, 直通 and tips');
    expect(weights).toMatchObject({ seo: 3 + 2, 直通: 3 + 1, 通车: 3, 直: 4, 车: 3 });
    // Once in the body only: weight 1, not stored (a matched token missing here weighs 1).
    expect(weights).not.toHaveProperty('tips');
    expect(weights).not.toHaveProperty('and');
  });

  it(`keeps the ${MAX_WEIGHTED_TOKENS} heaviest tokens of a long document`, () => {
    const body = Array.from({ length: 300 }, (_, i) => `w${i} `.repeat(2 + (i % 5))).join('');
    const weights = documentWeights('t', body);
    expect(Object.keys(weights)).toHaveLength(MAX_WEIGHTED_TOKENS);
    // 60 words weigh 6, 60 weigh 5, then 8 of the 60 that weigh 4; none of those weighing 2 or 3.
    expect(Math.min(...Object.values(weights))).toBe(4);
    expect(weights).not.toHaveProperty('w0');
    expect(weights).toHaveProperty('w4', 6);
  });
});

describe('tags in search', () => {
  it('a tag makes tokens of its own and weighs like the title', () => {
    expect(documentTokens('标题', 'body', 'seo', '直通车')).toEqual(
      expect.arrayContaining(['seo', '直通', '通车']),
    );
    expect(documentWeights('标题', 'body', ['seo'])).toMatchObject({ seo: TITLE_WEIGHT });
  });
});
