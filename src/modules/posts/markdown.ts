import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import {
  mentionPlugin,
  NO_MENTIONS,
  scanMarkdown,
  type MentionCandidate,
  type ResolvedMentions,
} from '../mentions/mention-syntax';

/**
 * Raw HTML in the Markdown is shown as text (`html: false`); links are never auto-followed;
 * `@` mentions that resolved become profile links.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true }).use(mentionPlugin);

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
  allowedSchemesByTag: { img: ['http', 'https'] },
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
export function renderMarkdown(source: string, mentions: ResolvedMentions = NO_MENTIONS): string {
  return sanitizeHtml(markdown.render(source, { mentions }), SANITIZE_OPTIONS);
}

/** The `@` mention candidates of a Markdown text, outside code, in order. */
export function markdownMentions(source: string): MentionCandidate[] {
  return scanMarkdown(markdown, source);
}
