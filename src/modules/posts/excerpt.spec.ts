import { EXCERPT_MAX, excerptOf, plainText, truncate } from './excerpt';

const codePoints = (text: string) => [...text].length;

describe('excerpt', () => {
  describe('plain text of the Markdown', () => {
    it('keeps the text of headings, emphasis and links, without their syntax', () => {
      expect(
        plainText(
          '# 直通车 *SEO*\n\n**Bold** and _italic_ and ~~gone~~ see [the guide](https://x.example/a).',
        ),
      ).toBe('直通车 SEO Bold and italic and gone see the guide.');
    });

    it('keeps inline code as text, leaves out code blocks and images', () => {
      expect(
        plainText(
          'Run `npm test` now.\n\n```js\nconst secret = 1;\n```\n\n    indented code\n\n![a chart](https://x.example/c.png) after',
        ),
      ).toBe('Run npm test now. after');
    });

    it('keeps lists, quotes and tables as words', () => {
      expect(plainText('- one\n- two\n\n> quoted\n\n| a | b |\n|---|---|\n| c | d |')).toBe(
        'one two quoted a b c d',
      );
    });

    it('never carries HTML, even escaped raw HTML typed in the Markdown', () => {
      const text = plainText(
        'Hi <script>alert(1)</script> <b>bold</b> <img src=x onerror=alert(1)> &lt;i&gt;x&lt;/i&gt; <!-- c -->\n\n<div>block</div>',
      );
      expect(text).not.toMatch(/<\/?[a-z!]/i);
      expect(text).toContain('Hi');
      expect(text).toContain('bold');
    });

    it('decodes entities and collapses whitespace', () => {
      expect(plainText('  a &amp; b\t\t\n c  \n\n\n  d&nbsp;e ')).toBe('a & b c d e');
    });
  });

  describe('cutting', () => {
    it('leaves text of at most 200 code points whole', () => {
      const text = 'x'.repeat(EXCERPT_MAX);
      expect(truncate(text)).toBe(text);
    });

    it('cuts longer text to 200 code points including the closing …', () => {
      const cut = truncate('y'.repeat(500));
      expect(codePoints(cut)).toBe(EXCERPT_MAX);
      expect(cut).toBe(`${'y'.repeat(EXCERPT_MAX - 1)}…`);
    });

    it('cuts Chinese text by characters', () => {
      const cut = excerptOf('运营经验'.repeat(100));
      expect(codePoints(cut)).toBe(EXCERPT_MAX);
      expect(cut.startsWith('运营经验运营')).toBe(true);
      expect(cut.endsWith('…')).toBe(true);
    });

    it('never splits a surrogate pair', () => {
      // 198 single units, then an astral character (two UTF-16 units) across the cut.
      const cut = truncate(`${'a'.repeat(198)}${'𝒳'.repeat(10)}`);
      expect(cut).toBe(`${'a'.repeat(198)}𝒳…`);
      expect(cut).not.toMatch(
        /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
      );
    });

    it('never splits an emoji ZWJ sequence: the whole family goes', () => {
      const family = '👨‍👩‍👧‍👦'; // 7 code points
      const cut = truncate(`${'a'.repeat(195)}${family}${'b'.repeat(10)}`);
      expect(cut).toBe(`${'a'.repeat(195)}…`);
      expect(codePoints(cut)).toBeLessThanOrEqual(EXCERPT_MAX);
    });

    it('keeps a whole emoji sequence that fits', () => {
      const family = '👨‍👩‍👧‍👦';
      const cut = truncate(`${'a'.repeat(190)}${family}${'b'.repeat(10)}`);
      expect(cut).toBe(`${'a'.repeat(190)}${family}bb…`);
      expect(codePoints(cut)).toBe(EXCERPT_MAX);
    });

    it('does not end on a space before the …', () => {
      const cut = truncate(`${'a'.repeat(198)} ${'b'.repeat(10)}`);
      expect(cut).toBe(`${'a'.repeat(198)}…`);
    });

    it('is what lists show: the plain text, cut', () => {
      const body = `## Title\n\n${'**word** '.repeat(60)}`;
      const cut = excerptOf(body);
      expect(cut.startsWith('Title word word')).toBe(true);
      expect(cut).not.toContain('*');
      expect(codePoints(cut)).toBeLessThanOrEqual(EXCERPT_MAX);
    });
  });
});
