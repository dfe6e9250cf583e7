import { escapeHtml, postHead, robotsTxt, sitemap, withHead } from './public-head';

const post = {
  id: '8c0f3a51-3c1e-4d0e-9f59-6f2a1c8b9d11',
  title: `</title><script>alert("x")</script> Tom & Jerry's $& $1`,
  excerpt: `"Quoted" <b>bold</b> & more`,
  createdAt: new Date('2026-03-01T08:00:00.000Z'),
  editedAt: null,
};

describe('public-head', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('writes every tag of a post with its values escaped', () => {
    const head = postHead(post, 'https://circle.example.com');
    expect(head).not.toContain('<script>');
    expect(head).not.toContain('</title><');
    expect(head).toContain(
      '<title>&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Tom &amp; Jerry&#39;s $&amp; $1 · 老高电商圈 · Laogao Circle</title>',
    );
    expect(head).toContain(
      '<meta name="description" content="&quot;Quoted&quot; &lt;b&gt;bold&lt;/b&gt; &amp; more" />',
    );
    expect(head).toContain(
      `<link rel="canonical" href="https://circle.example.com/posts/${post.id}" />`,
    );
    expect(head).toContain('<meta property="og:type" content="article" />');
    expect(head).toContain(
      '<meta property="article:published_time" content="2026-03-01T08:00:00.000Z" />',
    );
    expect(head).not.toContain('article:modified_time');
  });

  it('describes a post without an excerpt by its title, and names an edit', () => {
    const head = postHead(
      { ...post, title: 'Only a picture', excerpt: '', editedAt: new Date('2026-03-02T00:00:00Z') },
      'http://lan:3000',
    );
    expect(head).toContain('<meta name="description" content="Only a picture" />');
    expect(head).toContain(
      '<meta property="article:modified_time" content="2026-03-02T00:00:00.000Z" />',
    );
  });

  it('puts the head in place of the page title, or before </head>, taking $ literally', () => {
    const page =
      '<html><head><meta charset="UTF-8" /><title>Site</title></head><body></body></html>';
    expect(withHead(page, '<title>$& $1</title>')).toBe(
      '<html><head><meta charset="UTF-8" /><title>$& $1</title></head><body></body></html>',
    );
    expect(withHead('<html><head></head></html>', '<title>T</title>')).toBe(
      '<html><head><title>T</title>\n  </head></html>',
    );
  });

  it('lists posts in the sitemap with their last edit, else their publication', () => {
    const xml = sitemap(
      [
        { ...post, editedAt: new Date('2026-03-05T00:00:00Z') },
        { id: 'b', createdAt: new Date('2026-01-01T00:00:00Z'), editedAt: null },
      ],
      'https://x.example/a&b',
    );
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        `<url><loc>https://x.example/a&amp;b/posts/${post.id}</loc><lastmod>2026-03-05T00:00:00.000Z</lastmod></url>`,
        '<url><loc>https://x.example/a&amp;b/posts/b</loc><lastmod>2026-01-01T00:00:00.000Z</lastmod></url>',
        '</urlset>',
        '',
      ].join('\n'),
    );
  });

  it('lets crawlers read posts, not the API, and names the sitemap', () => {
    expect(robotsTxt('https://circle.example.com')).toBe(
      'User-agent: *\nAllow: /posts/\nDisallow: /api\n\nSitemap: https://circle.example.com/sitemap.xml\n',
    );
  });
});
