import { dangerous, XSS_CORPUS } from '../../../test/support/xss';
import { renderMarkdown } from './markdown';

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

  it('keeps http(s) images and drops other image sources', () => {
    expect(renderMarkdown('![a](https://example.com/a.png)')).toContain(
      '<img src="https://example.com/a.png" alt="a" />',
    );
    expect(renderMarkdown('![a](mailto:a@example.com)')).not.toContain('src=');
  });
});
