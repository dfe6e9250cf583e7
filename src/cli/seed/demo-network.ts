import { seesGoldenCrown, type DmFrom } from '../../modules/members/member.types';
import { directoryTokens } from '../../modules/members/member-search';
import type { DemoData, SeedMember } from './demo-data';
import { insertRows, type Query } from './sql';

const HOUR = 60 * 60 * 1000;

/** A demo member's directory settings, where they differ from the defaults. */
interface DemoSettings {
  listedInDirectory: boolean;
  showCompany: boolean;
  dmFrom: DmFrom;
}

/** Follows, followed tags, bookmarks and settings of the demo community, from its records. */
export interface DemoNetwork {
  follows: { followerId: string; followedId: string; createdAt: Date }[];
  tagFollows: { memberId: string; tag: string; createdAt: Date }[];
  bookmarks: { memberId: string; postId: string; createdAt: Date }[];
  settings: Map<string, DemoSettings>;
}

/**
 * Deterministic from the demo records: each member follows the next three and the founder,
 * follows their first expertise as a tag, and bookmarks two posts of others they may read;
 * a few members show the other settings (a hidden company, messages from followed members
 * or nobody, one not listed in the directory).
 */
export function buildDemoNetwork(data: DemoData): DemoNetwork {
  const members = data.members;
  const founder = members[0];
  const after = (member: SeedMember, hours: number) =>
    new Date(member.createdAt.getTime() + hours * HOUR);
  const follows: DemoNetwork['follows'] = [];
  const seen = new Set<string>();
  const addFollow = (follower: SeedMember, followed: SeedMember, hours: number) => {
    const key = `${follower.id}>${followed.id}`;
    if (follower.id === followed.id || seen.has(key)) return;
    seen.add(key);
    follows.push({
      followerId: follower.id,
      followedId: followed.id,
      createdAt: after(follower, hours),
    });
  };
  members.forEach((member, index) => {
    addFollow(member, founder, 1);
    for (let step = 1; step <= 3; step++) {
      addFollow(member, members[(index + step) % members.length], 2 + step);
    }
  });
  const tagFollows = members
    .filter((member) => member.expertise.length > 0)
    .map((member) => ({
      memberId: member.id,
      tag: member.expertise[0],
      createdAt: after(member, 1),
    }));
  const bookmarks: DemoNetwork['bookmarks'] = [];
  members.forEach((member, index) => {
    const readable = data.posts.filter(
      (post) =>
        post.authorId !== member.id &&
        (post.visibility !== 'golden_crown' || seesGoldenCrown(member)),
    );
    for (const post of [
      readable[(index * 3) % readable.length],
      readable[(index * 3 + 1) % readable.length],
    ]) {
      if (post && !bookmarks.some((b) => b.memberId === member.id && b.postId === post.id)) {
        const createdAt = new Date(
          Math.max(post.createdAt.getTime(), member.createdAt.getTime()) + HOUR,
        );
        bookmarks.push({ memberId: member.id, postId: post.id, createdAt });
      }
    }
  });
  const settings = new Map<string, DemoSettings>();
  const set = (index: number, changes: Partial<DemoSettings>) => {
    const member = members[index % members.length];
    settings.set(member.id, {
      listedInDirectory: true,
      showCompany: true,
      dmFrom: 'everyone',
      ...settings.get(member.id),
      ...changes,
    });
  };
  set(3, { showCompany: false });
  set(5, { dmFrom: 'following' });
  set(9, { dmFrom: 'nobody' });
  set(members.length - 2, { listedInDirectory: false });
  return { follows, tagFollows, bookmarks, settings };
}

/** How many rows each network table gained (0 on a second run). */
export type NetworkSeedReport = Record<'member_follows' | 'tag_follows' | 'post_bookmarks', number>;

/**
 * Writes the demo network. The settings and directory tokens go to demo members whose
 * tokens were never computed (a first run), so a second run changes nothing a member set.
 */
export async function seedNetwork(query: Query, data: DemoData): Promise<NetworkSeedReport> {
  const network = buildDemoNetwork(data);
  const rows = data.members.map((member) => {
    const settings = network.settings.get(member.id) ?? {
      listedInDirectory: true,
      showCompany: true,
      dmFrom: 'everyone' as const,
    };
    const tokens = directoryTokens({ ...member, showCompany: settings.showCompany });
    return { member, settings, tokens };
  });
  // Tokens are letters, digits and CJK characters only: never the unit separator.
  await query(
    `UPDATE members SET listed_in_directory = b.listed, show_company = b.show_company,
            dm_from = CAST(b.dm_from AS members_dm_from_enum),
            search_tokens = string_to_array(b.search, E'\\x1f'),
            name_tokens = string_to_array(b.name, E'\\x1f')
       FROM unnest($1::uuid[], $2::boolean[], $3::boolean[], $4::text[], $5::text[], $6::text[])
            AS b(id, listed, show_company, dm_from, search, name)
      WHERE members.id = b.id AND members.search_tokens = '{}'`,
    [
      rows.map((row) => row.member.id),
      rows.map((row) => row.settings.listedInDirectory),
      rows.map((row) => row.settings.showCompany),
      rows.map((row) => row.settings.dmFrom),
      rows.map((row) => row.tokens.searchTokens.join('\x1f')),
      rows.map((row) => row.tokens.nameTokens.join('\x1f')),
    ],
  );
  return {
    member_follows: await insertRows(
      query,
      'member_follows',
      ['follower_id', 'followed_id', 'created_at'],
      network.follows.map((f) => [f.followerId, f.followedId, f.createdAt]),
    ),
    tag_follows: await insertRows(
      query,
      'tag_follows',
      ['member_id', 'tag', 'created_at'],
      network.tagFollows.map((f) => [f.memberId, f.tag, f.createdAt]),
    ),
    post_bookmarks: await insertRows(
      query,
      'post_bookmarks',
      ['member_id', 'post_id', 'created_at'],
      network.bookmarks.map((b) => [b.memberId, b.postId, b.createdAt]),
    ),
  };
}
