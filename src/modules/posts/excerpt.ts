import MarkdownIt, { type Token } from 'markdown-it';
import { mentionPlugin } from '../mentions/mention-syntax';

/** Longest excerpt, in code points, the closing `…` included. */
export const EXCERPT_MAX = 200;

const ELLIPSIS = '…';

/** The same Markdown dialect as `renderMarkdown`: raw HTML is text, never markup. */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true }).use(mentionPlugin);

/** Anything shaped like an HTML tag or comment left in the text (`<script>`, `</b>`, `<!-- -->`). */
const TAG_LIKE = /<\/?[a-z][^<>]*>|<!--[\s\S]*?-->/gi;

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The readable text of one inline token: words, link text and inline code; never an image. */
function inlineText(children: Token[]): string {
  return children
    .map((child) => {
      switch (child.type) {
        case 'text':
        case 'code_inline':
          return child.content;
        case 'mention':
          return `@${child.content}`;
        case 'softbreak':
        case 'hardbreak':
          return ' ';
        default:
          return ''; // markup (emphasis, link and image tokens): an image's alt text is not prose
      }
    })
    .join('');
}

/**
 * The plain text of a post's Markdown, from markdown-it's token stream: headings, emphasis
 * and links keep their text; images and code blocks are left out (not prose); entities are
 * decoded; raw HTML, which the renderer shows as text, is dropped; whitespace is collapsed.
 */
export function plainText(source: string): string {
  return markdown
    .parse(source, {})
    .filter((token) => token.type === 'inline')
    .map((token) => inlineText(token.children ?? []))
    .join(' ')
    .replace(TAG_LIKE, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * `text` cut to at most `max` code points, the closing `…` included, between grapheme
 * clusters (so neither a surrogate pair nor an emoji sequence is split). A single cluster
 * too long to fit (rare: stacked combining marks) is cut between code points instead.
 */
export function truncate(text: string, max = EXCERPT_MAX): string {
  const codePoints = [...text];
  if (codePoints.length <= max) return text;
  const budget = max - 1;
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = [...segment].length;
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  if (used === 0) kept = codePoints.slice(0, budget).join('');
  return `${kept.trimEnd()}${ELLIPSIS}`;
}

/** A post's excerpt for lists: plain text of its Markdown, at most `EXCERPT_MAX` code points. */
export function excerptOf(source: string): string {
  return truncate(plainText(source));
}
