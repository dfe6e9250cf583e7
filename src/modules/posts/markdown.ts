import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import {
  mentionPlugin,
  NO_MENTIONS,
  scanMarkdown,
  type MentionCandidate,
  type ResolvedMentions,
} from '../mentions/mention-syntax';
import { uploadIdOf } from '../uploads/upload-url';

/**
 * Raw HTML in the Markdown is shown as text (`html: false`); links are never auto-followed;
 * `@` mentions that resolved become profile links.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true }).use(mentionPlugin);

/** What a render knows besides the source: resolved mentions, the author's own uploads. */
interface RenderEnv {
  [key: string | symbol]: unknown;
  mentions?: ResolvedMentions;
  ownUploads?: ReadonlySet<string>;
}

const renderImage = markdown.renderer.rules.image;

/**
 * Images load only from this server's uploads, and only the author's own (`ownUploads`):
 * any other image (another host: a tracking pixel; another member's upload) is a link.
 */
markdown.renderer.rules.image = (tokens, index, options, env: RenderEnv | undefined, self) => {
  const token = tokens[index];
  const src = String(token.attrGet('src') ?? '');
  const id = uploadIdOf(src);
  if (id !== null && env?.ownUploads?.has(id))
    return renderImage(tokens, index, options, env, self);
  const alt = self.renderInlineAsText(token.children ?? [], options, env ?? {});
  const { escapeHtml } = markdown.utils;
  return `<a href="${escapeHtml(src)}">${escapeHtml(alt || src)}</a>`;
};

const LINK_REL = 'nofollow ugc noopener';

/**
 * An allow-list: anything not named here (script, iframe, object, embed, svg, style,
 * form …) is dropped, and so is every attribute not named (every `on*` handler).
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'em',
    'strong',
    's',
    'del',
    'ul',
    'ol',
    'li',
    'a',
    'img',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'title'],
    ol: ['start'],
    th: ['style'],
    td: ['style'],
  },
  allowedClasses: { a: ['mention'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  // Only relative sources (this server's uploads) reach an <img>: no scheme is allowed.
  allowedSchemesByTag: { img: [] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: LINK_REL } }),
  },
};

/**
 * Markdown to the HTML stored beside it: rendered once, at write time, and sanitized.
 * `mentions` are the members its `@` mentions name (`MentionResolver`); others stay text.
 */
export function renderMarkdown(
  source: string,
  mentions: ResolvedMentions = NO_MENTIONS,
  ownUploads: ReadonlySet<string> = new Set(),
): string {
  const env: RenderEnv = { mentions, ownUploads };
  return sanitizeHtml(markdown.render(source, env), SANITIZE_OPTIONS);
}

/** The ids of this server's uploads that the Markdown's images name, outside code. */
export function markdownUploadIds(source: string): string[] {
  const ids = new Set<string>();
  for (const block of markdown.parse(source, {})) {
    for (const token of block.children ?? []) {
      if (token.type !== 'image') continue;
      const id = uploadIdOf(String(token.attrGet('src') ?? ''));
      if (id !== null) ids.add(id);
    }
  }
  return [...ids];
}

/** The `@` mention candidates of a Markdown text, outside code, in order. */
export function markdownMentions(source: string): MentionCandidate[] {
  return scanMarkdown(markdown, source);
}
