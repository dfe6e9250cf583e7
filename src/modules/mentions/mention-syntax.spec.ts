import { markdownMentions, renderMarkdown } from '../posts/markdown';
import { excerptOf } from '../posts/excerpt';
import {
  firstMentions,
  MAX_MENTIONS_PER_TEXT,
  scanPlainText,
  type ResolvedMentions,
} from './mention-syntax';

const ALICE = '0b7f8a8e-1d2c-4c3b-9a4e-5f6a7b8c9d0e';
const BOB = '1c8a9b9f-2e3d-4d4c-8b5f-6a7b8c9d0e1f';

const resolved: ResolvedMentions = {
  byId: new Map([[ALICE, 'Alice 小王']]),
  byName: new Map([['bob', { memberId: BOB, displayName: 'Bob' }]]),
};

describe('mention syntax', () => {
  it('finds explicit and plain mentions in order, outside code', () => {
    const source = `Hi @[Alice 小王](${ALICE}) and @Bob. \`@carol\` is code\n\n    @dave in a code block`;
    expect(markdownMentions(source)).toEqual([
      { kind: 'explicit', memberId: ALICE, name: 'Alice 小王' },
      { kind: 'plain', name: 'Bob' },
    ]);
  });

  it('does not take an email address or a word-joined @ for a mention', () => {
    expect(scanPlainText('mail bob@example.com or a@b')).toEqual([]);
    expect(scanPlainText('@老高 好')).toEqual([{ kind: 'plain', name: '老高' }]);
    expect(scanPlainText('(@bob), @bob.')).toEqual([
      { kind: 'plain', name: 'bob' },
      { kind: 'plain', name: 'bob' },
    ]);
  });

  it('renders resolved mentions as profile links with the current name, others as text', () => {
    const html = renderMarkdown(`@[old name](${ALICE}) @bob @nobody`, resolved);
    expect(html).toBe(
      `<p><a href="/members/${ALICE}" class="mention" rel="nofollow ugc noopener">@Alice 小王</a> ` +
        `<a href="/members/${BOB}" class="mention" rel="nofollow ugc noopener">@Bob</a> @nobody</p>\n`,
    );
  });

  it('without resolved mentions renders the written text, escaped', () => {
    expect(renderMarkdown(`@[<b>x</b>](${ALICE})`)).toBe('<p>@&lt;b&gt;x&lt;/b&gt;</p>\n');
  });

  it('shows a mention in the excerpt as @name', () => {
    expect(excerptOf(`Thanks @[Alice 小王](${ALICE})!`)).toBe('Thanks @Alice 小王!');
  });

  it('keeps the first ten distinct members and drops the rest', () => {
    const ids = Array.from(
      { length: MAX_MENTIONS_PER_TEXT + 2 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const all: ResolvedMentions = {
      byId: new Map(ids.map((id) => [id, `m${id.slice(-2)}`])),
      byName: new Map(),
    };
    const candidates = [ids[0], ...ids].map((memberId) => ({
      kind: 'explicit' as const,
      memberId,
      name: 'x',
    }));
    const { memberIds, mentions } = firstMentions(candidates, all);
    expect(memberIds).toEqual(ids.slice(0, MAX_MENTIONS_PER_TEXT));
    expect(mentions.byId.has(ids[MAX_MENTIONS_PER_TEXT])).toBe(false);
  });
});
