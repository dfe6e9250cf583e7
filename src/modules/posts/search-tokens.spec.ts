import { documentTokens, queryTokens, searchTerms } from './search-tokens';

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
});
