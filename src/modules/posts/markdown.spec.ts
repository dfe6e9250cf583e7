import { dangerous, XSS_CORPUS } from '../../../test/support/xss';
import { markdownUploadIds, renderMarkdown } from './markdown';

describe(renderMarkdown.name, () => {
  it.each(XSS_CORPUS)('leaves nothing executable in %j', (payload) => {
    const html = renderMarkdown(payload);
    expect(dangerous(html)).toBeNull();
  });

  it('the detector itself catches what it must (so the corpus test can fail)', () => {
    expect(dangerous('<img src=x onerror=alert(1)>')).toBe('event handler');
    expect(dangerous('<a href="javascript:alert(1)">x</a>')).toBe('URL scheme');
    expect(dangerous('<svg></svg>')).toBe('element');
  });

  it('keeps refused HTML visible as text', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toContain('&lt;script&gt;');
  });

  it('renders ordinary Markdown', () => {
    const html = renderMarkdown('# 直通车\n\n**SEO** and `code`\n\n- a\n- b');
    expect(html).toContain('<h1>直通车</h1>');
    expect(html).toContain('<strong>SEO</strong>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>a</li>');
  });

  it('gives links rel="nofollow ugc noopener" and keeps http, https and mailto', () => {
    expect(renderMarkdown('[a](https://example.com)')).toBe(
      '<p><a href="https://example.com" rel="nofollow ugc noopener">a</a></p>\n',
    );
    expect(renderMarkdown('[m](mailto:a@example.com)')).toContain('href="mailto:a@example.com"');
    expect(renderMarkdown('see https://example.com/x')).toContain(
      '<a href="https://example.com/x" rel="nofollow ugc noopener">',
    );
  });

  it("shows only the author's own uploads as images: other images become links", () => {
    const id = '0d9a7c1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d';
    const own = new Set([id]);
    expect(renderMarkdown(`![a](/api/uploads/${id})`, undefined, own)).toContain(
      `<img src="/api/uploads/${id}" alt="a" />`,
    );
    expect(renderMarkdown(`![a](/api/uploads/${id})`)).toBe(
      `<p><a href="/api/uploads/${id}" rel="nofollow ugc noopener">a</a></p>\n`,
    );
    const foreign = renderMarkdown('![pixel](https://tracker.example/p.gif)', undefined, own);
    expect(foreign).not.toContain('<img');
    expect(foreign).toContain(
      '<a href="https://tracker.example/p.gif" rel="nofollow ugc noopener">pixel</a>',
    );
    expect(renderMarkdown('![](https://example.com/a.png)')).toContain(
      '>https://example.com/a.png</a>',
    );
    expect(renderMarkdown('![a](mailto:a@example.com)')).not.toContain('src=');
    expect(renderMarkdown('![a](javascript:alert(1))')).not.toContain('href="javascript');
  });

  it('lists the uploads a text shows as images, outside code', () => {
    const a = '0d9a7c1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d';
    const b = '1d9a7c1e-2b3f-4a5b-8c6d-7e8f9a0b1c2d';
    expect(
      markdownUploadIds(
        `![x](/api/uploads/${a}) \`![y](/api/uploads/${b})\` ![z](https://e.com/${b})`,
      ),
    ).toEqual([a]);
  });
});
