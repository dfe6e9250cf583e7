import type { PublicPost, PublicPostRef } from '../posts/posts.service';

/** The site's name in titles and `og:site_name`: the client page's own title. */
export const SITE_NAME = '老高电商圈 · Laogao Circle';

/** The sitemap's limit (the protocol's: 50,000 URLs a file). */
export const SITEMAP_MAX_URLS = 50_000;

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values (and XML). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}

/** A post's page address: `base` is the site's address without a trailing slash. */
export const postUrl = (base: string, postId: string): string => `${base}/posts/${postId}`;

/**
 * The `<head>` tags of a public post's page: title, description (the excerpt), canonical
 * URL and Open Graph, every value escaped.
 */
export function postHead(post: PublicPost, base: string): string {
  const url = escapeHtml(postUrl(base, post.id));
  const title = escapeHtml(post.title);
  const description = escapeHtml(post.excerpt || post.title);
  return [
    `<title>${title} · ${escapeHtml(SITE_NAME)}</title>`,
    `<meta name="description" content="${description}" />`,
    `<link rel="canonical" href="${url}" />`,
    `<meta property="og:type" content="article" />`,
    `<meta property="og:site_name" content="${escapeHtml(SITE_NAME)}" />`,
    `<meta property="og:title" content="${title}" />`,
    `<meta property="og:description" content="${description}" />`,
    `<meta property="og:url" content="${url}" />`,
    `<meta property="article:published_time" content="${post.createdAt.toISOString()}" />`,
    ...(post.editedAt
      ? [`<meta property="article:modified_time" content="${post.editedAt.toISOString()}" />`]
      : []),
    `<meta name="twitter:card" content="summary" />`,
  ].join('\n    ');
}

/**
 * The client page with `head` in place of its `<title>` (or, without one, before
 * `</head>`). A function as replacement: `$` in a title is not a pattern.
 */
export function withHead(template: string, head: string): string {
  if (/<title>[\s\S]*?<\/title>/i.test(template)) {
    return template.replace(/<title>[\s\S]*?<\/title>/i, () => head);
  }
  return template.replace(/<\/head>/i, () => `${head}\n  </head>`);
}

/** The sitemap of public posts: `<lastmod>` is the last edit, else the publication. */
export function sitemap(posts: PublicPostRef[], base: string): string {
  const urls = posts.map(
    (post) =>
      `<url><loc>${escapeHtml(postUrl(base, post.id))}</loc>` +
      `<lastmod>${(post.editedAt ?? post.createdAt).toISOString()}</lastmod></url>`,
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...urls,
    '</urlset>',
    '',
  ].join('\n');
}

/** Crawlers may read posts, never the API; the sitemap lists the public posts. */
export function robotsTxt(base: string): string {
  return [
    'User-agent: *',
    'Allow: /posts/',
    'Disallow: /api',
    '',
    `Sitemap: ${base}/sitemap.xml`,
    '',
  ].join('\n');
}
