/** A piece of a message: plain text, or an http(s) address to show as a link. */
export type TextPart =
  { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

/**
 * Where a candidate address may run: the characters an URL may hold unescaped. Anything
 * else ends it, so Chinese text right after an address (`看https://a.cn/x很好`) stays text.
 */
const CANDIDATE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/gi;

/** Punctuation that ends a sentence more often than an address. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '*']);

function trimTrailing(candidate: string): string {
  let end = candidate.length;
  for (;;) {
    const last = candidate[end - 1];
    const body = candidate.slice(0, end);
    if (last !== undefined && TRAILING.has(last)) end -= 1;
    else if (last === ')' && count(body, '(') < count(body, ')')) end -= 1;
    else if (last === ']' && count(body, '[') < count(body, ']')) end -= 1;
    else return candidate.slice(0, end);
  }
}

const count = (text: string, char: string) => text.split(char).length - 1;

/** The address as a link's `href`, or `null` when it is not a usable http(s) URL. */
function safeHref(text: string): string | null {
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return null;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * Splits a message into text and links. Only `http://` and `https://` addresses become
 * links; the caller renders the parts as elements (never as HTML), so a message can hold
 * no markup.
 */
export function linkParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let from = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const address = trimTrailing(match[0]);
    const href = safeHref(address);
    if (href === null) continue;
    if (match.index > from) parts.push({ kind: 'text', text: text.slice(from, match.index) });
    parts.push({ kind: 'link', text: address, href });
    from = match.index + address.length;
  }
  if (from < text.length) parts.push({ kind: 'text', text: text.slice(from) });
  return parts;
}
