import type MarkdownIt from 'markdown-it';
import type { StateInline } from 'markdown-it';

/** A markdown-it instance (the package's CommonJS types name the class only as a value). */
type Markdown = InstanceType<typeof MarkdownIt>;

/** Mentions past this many distinct members in one text are ignored (SPEC, "Mentions"). */
export const MAX_MENTIONS_PER_TEXT = 10;

/** How many candidates one text may name before resolution (bounds the lookup). */
const MAX_CANDIDATES = 50;

/**
 * One `@` in a text: `@[displayName](memberId)` as the client's autocomplete inserts it
 * (`explicit`), or a plain `@name` without spaces.
 */
export type MentionCandidate =
  { kind: 'explicit'; memberId: string; name: string } | { kind: 'plain'; name: string };

/** Members a text's candidates name, decided by `MentionResolver`; at most ten. */
export interface ResolvedMentions {
  /** By member id, for explicit candidates: the member's current display name. */
  readonly byId: ReadonlyMap<string, string>;
  /** By lower-cased name, for plain candidates that name exactly one member. */
  readonly byName: ReadonlyMap<string, { memberId: string; displayName: string }>;
}

export const NO_MENTIONS: ResolvedMentions = { byId: new Map(), byName: new Map() };

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
/** `@[name](id)` at the `@`; the name is 1–64 characters without brackets or line ends. */
const EXPLICIT = new RegExp(`^@\\[([^\\[\\]\\r\\n]{1,64})\\]\\((${UUID})\\)`, 'u');
/** `@name`: letters, digits, marks, `_`, `-` and inner dots (a sentence's full stop is not part). */
const PLAIN = /^@((?:[\p{L}\p{N}\p{M}_-]|\.(?=[\p{L}\p{N}\p{M}_-])){1,64})/u;
/** A character before `@` that makes it part of a word (an email address), not a mention. */
const WORD_BEFORE = /[\p{L}\p{N}\p{M}_.+-]/u;

/** The candidate at the start of `text` (which begins with `@`), and its length. */
export function candidateAt(text: string): { candidate: MentionCandidate; length: number } | null {
  const explicit = EXPLICIT.exec(text);
  if (explicit) {
    const name = explicit[1].trim();
    if (name.length > 0) {
      return {
        candidate: { kind: 'explicit', memberId: explicit[2].toLowerCase(), name },
        length: explicit[0].length,
      };
    }
  }
  const plain = PLAIN.exec(text);
  if (plain) return { candidate: { kind: 'plain', name: plain[1] }, length: plain[0].length };
  return null;
}

/** Whether the character before position `at` lets an `@` there start a mention. */
function startsMention(text: string, at: number): boolean {
  return at === 0 || !WORD_BEFORE.test(text[at - 1]);
}

/** The candidates of plain text (chat and direct messages), in order of appearance. */
export function scanPlainText(text: string): MentionCandidate[] {
  const found: MentionCandidate[] = [];
  for (let at = text.indexOf('@'); at !== -1 && found.length < MAX_CANDIDATES;) {
    const match = startsMention(text, at) ? candidateAt(text.slice(at)) : null;
    if (match) found.push(match.candidate);
    at = text.indexOf('@', at + (match?.length ?? 1));
  }
  return found;
}

/** The markdown-it environment a render reads its resolved mentions from. */
interface MentionEnv {
  mentions?: ResolvedMentions;
}

/** The member a candidate names, if its resolution found exactly one. */
export function memberOf(
  candidate: MentionCandidate,
  mentions: ResolvedMentions,
): { memberId: string; displayName: string } | null {
  if (candidate.kind === 'explicit') {
    const displayName = mentions.byId.get(candidate.memberId);
    return displayName === undefined ? null : { memberId: candidate.memberId, displayName };
  }
  return mentions.byName.get(candidate.name.toLowerCase()) ?? null;
}

function mentionRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x40 /* @ */) return false;
  if (!startsMention(state.src, state.pos)) return false;
  const match = candidateAt(state.src.slice(state.pos, state.posMax));
  if (!match) return false;
  if (!silent) {
    const token = state.push('mention', '', 0);
    token.meta = match.candidate;
    token.content = match.candidate.name;
  }
  state.pos += match.length;
  return true;
}

/**
 * The mention syntax as a markdown-it plugin: code spans and blocks are left alone (they
 * are parsed first). A mention that resolved renders as a link to the profile, else as the
 * text `@name` it was written as.
 */
export function mentionPlugin(md: Markdown): void {
  md.inline.ruler.before('link', 'mention', mentionRule);
  md.renderer.rules.mention = (tokens, index, _options, env) => {
    const candidate = tokens[index].meta as MentionCandidate;
    const { mentions } = env as MentionEnv;
    const member = mentions ? memberOf(candidate, mentions) : null;
    const escape = md.utils.escapeHtml;
    if (!member) return escape(`@${candidate.name}`);
    return `<a href="/members/${member.memberId}" class="mention">@${escape(member.displayName)}</a>`;
  };
}

/** The candidates of a Markdown text (a post or a comment), outside code, in order. */
export function scanMarkdown(md: Markdown, source: string): MentionCandidate[] {
  const found: MentionCandidate[] = [];
  for (const block of md.parse(source, {})) {
    for (const token of block.children ?? []) {
      if (token.type === 'mention') found.push(token.meta as MentionCandidate);
      if (found.length >= MAX_CANDIDATES) return found;
    }
  }
  return found;
}

/**
 * Keeps the first `MAX_MENTIONS_PER_TEXT` distinct members the candidates name, in order
 * of appearance; the rest are dropped (they render as text and notify nobody).
 */
export function firstMentions(
  candidates: readonly MentionCandidate[],
  resolved: ResolvedMentions,
): { mentions: ResolvedMentions; memberIds: string[] } {
  const byId = new Map<string, string>();
  const byName = new Map<string, { memberId: string; displayName: string }>();
  const memberIds: string[] = [];
  for (const candidate of candidates) {
    const member = memberOf(candidate, resolved);
    if (!member) continue;
    const known = memberIds.includes(member.memberId);
    if (!known && memberIds.length >= MAX_MENTIONS_PER_TEXT) continue;
    if (!known) memberIds.push(member.memberId);
    if (candidate.kind === 'explicit') byId.set(member.memberId, member.displayName);
    else byName.set(candidate.name.toLowerCase(), member);
  }
  return { mentions: { byId, byName }, memberIds };
}
