/**
 * `@` mentions as the client writes and shows them: the autocomplete inserts
 * `@[displayName](memberId)`; the server renders posts and comments, and the chat shows
 * the same syntax as a link through `mentionParts`.
 */

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

/** `@[name](id)` anywhere in a text (global: use with `matchAll`). */
const TAG = new RegExp(`@\\[([^\\[\\]\\r\\n]{1,64})\\]\\((${UUID})\\)`, 'gu');

/** An `@` and the name typed so far, ending at the caret; the `@` must start a word. */
const TYPING = /(?:^|[^\p{L}\p{N}_.+-])@([^\s@[\]()]{1,50})$/u;

/** The mention being typed at `caret`: its query and where its `@` is. */
export function mentionQueryAt(
  text: string,
  caret: number,
): { query: string; start: number } | null {
  const query = TYPING.exec(text.slice(0, caret))?.[1];
  if (query === undefined) return null;
  return { query, start: caret - query.length - 1 };
}

/** What the autocomplete inserts for a member (brackets in a name would end the tag early). */
export function mentionTag(member: { id: string; displayName: string }): string {
  const name = member.displayName.replace(/[[\]\r\n]/g, '').trim() || '?';
  return `@[${name.slice(0, 64)}](${member.id})`;
}

export type MentionPart = string | { memberId: string; name: string };

/** Splits plain text (a chat message) into text and `@[name](id)` mentions. */
export function mentionParts(text: string): MentionPart[] {
  const parts: MentionPart[] = [];
  let last = 0;
  for (const [whole, name = '', memberId = ''] of text.matchAll(TAG)) {
    const at = text.indexOf(whole, last);
    if (at > last) parts.push(text.slice(last, at));
    parts.push({ name, memberId: memberId.toLowerCase() });
    last = at + whole.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}
