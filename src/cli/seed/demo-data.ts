import {
  seesGoldenCrown,
  type OperatorType,
  type Role,
  type Tier,
} from '../../modules/members/member.types';
import type { OrganizationType } from '../../modules/membership/membership.types';
import type { Visibility } from '../../modules/posts/post.types';
import type { UploadPurpose } from '../../modules/uploads/upload-processing';
import { uploadUrl } from '../../modules/uploads/upload-url';
import {
  COMMENTS_EN,
  COMMENTS_ZH,
  DEMO_APPLICATIONS,
  DEMO_MEMBERS,
  DEMO_POSTS,
  GENERAL_CHAT,
  LOUNGE_CHAT,
  REPLIES_EN,
  REPLIES_ZH,
  type DemoChatLine,
} from './demo-content';
import { extensionOf, type DemoPicture } from './demo-pictures';
import { DEMO_SEED, Prng, seedUuid } from './random';

/** The one password of every demo account (README: "Try it"). */
export const DEMO_PASSWORD = 'laogao-demo-2026';
export const DEMO_EMAIL_DOMAIN = 'demo.laogao.local';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

export interface SeedMember {
  id: string;
  email: string;
  displayName: string;
  bio: string;
  company: string;
  operatorType: OperatorType;
  expertise: string[];
  role: Role;
  tier: Tier;
  createdAt: Date;
}

export interface SeedPost {
  id: string;
  authorId: string;
  title: string;
  body: string;
  tags: string[];
  visibility: Visibility;
  createdAt: Date;
}

export interface SeedComment {
  id: string;
  postId: string;
  authorId: string;
  parentId: string | null;
  body: string;
  createdAt: Date;
}

export interface SeedLike {
  postId: string;
  memberId: string;
  createdAt: Date;
}

export interface SeedMessage {
  roomSlug: 'general' | 'golden-crown-lounge';
  authorId: string;
  clientMsgId: string;
  body: string;
  createdAt: Date;
}

export interface SeedApplication {
  id: string;
  applicantId: string;
  companyName: string;
  annualTurnoverCny: number;
  isDecisionMaker: boolean;
  jobTitle: string;
  organizationType: OrganizationType;
  motivation: string;
  createdAt: Date;
}

/**
 * A file a demo member uploaded: an avatar, a picture in one of their posts, or evidence
 * their application cites. Drawn at seed time from `picture`.
 */
export interface SeedUpload {
  id: string;
  ownerId: string;
  purpose: UploadPurpose;
  /** The name it is uploaded under: its extension names its type, as a member's file's does. */
  fileName: string;
  picture: DemoPicture;
  /** The post whose body shows it (a post image). */
  postId?: string;
  /** The application that cites it (evidence). */
  applicationId?: string;
  createdAt: Date;
}

export interface DemoData {
  members: SeedMember[];
  posts: SeedPost[];
  comments: SeedComment[];
  likes: SeedLike[];
  messages: SeedMessage[];
  applications: SeedApplication[];
  uploads: SeedUpload[];
}

/** Where a demo post's picture goes: the line the editor inserts, `![](url)`. */
const PICTURE_LINE = '{picture}';

const CJK = /\p{Script=Han}/u;

/**
 * The demo community as records: fixed ids, emails and words (a fixed PRNG seed picks
 * commenters, likers and times); times count back from `now`, the moment of the run.
 */
export function buildDemoData(now: Date = new Date()): DemoData {
  const random = new Prng(DEMO_SEED);
  const at = (msAgo: number) => new Date(now.getTime() - msAgo);

  const members: SeedMember[] = DEMO_MEMBERS.map((m, index) => ({
    id: seedUuid(`member:${m.handle}`),
    email: `${m.handle}@${DEMO_EMAIL_DOMAIN}`,
    displayName: m.displayName,
    bio: m.bio,
    company: m.company,
    operatorType: m.operatorType,
    expertise: m.expertise.map((tag) => tag.toLowerCase()),
    role: m.role ?? 'member',
    tier: m.tier ?? 'standard',
    createdAt: at(60 * DAY - index * 2 * DAY),
  }));
  const byHandle = new Map(DEMO_MEMBERS.map((m, i) => [m.handle, members[i]]));
  const member = (handle: string): SeedMember => {
    const found = byHandle.get(handle);
    if (!found) throw new Error(`Demo content names an unknown member: ${handle}`);
    return found;
  };
  const mayRead = (reader: SeedMember, visibility: Visibility) =>
    visibility !== 'golden_crown' || seesGoldenCrown(reader);

  const uploads: SeedUpload[] = [];
  const upload = (
    name: string,
    owner: SeedMember,
    purpose: UploadPurpose,
    picture: DemoPicture,
    createdAt: Date,
    usedBy: Pick<SeedUpload, 'postId' | 'applicationId'> = {},
  ): SeedUpload => {
    const file: SeedUpload = {
      id: seedUuid(`upload:${name}`),
      ownerId: owner.id,
      purpose,
      fileName: `${name.replace(/[^a-z0-9-]+/g, '-')}.${extensionOf(picture)}`,
      picture,
      ...usedBy,
      createdAt,
    };
    uploads.push(file);
    return file;
  };
  // Most members chose an avatar the day they joined; a few still show their initials.
  for (const [index, m] of members.entries()) {
    if (DEMO_MEMBERS[index].initialsOnly) continue;
    const handle = DEMO_MEMBERS[index].handle;
    upload(
      `avatar:${handle}`,
      m,
      'avatar',
      { kind: 'avatar', seed: handle },
      new Date(m.createdAt.getTime() + HOUR),
    );
  }

  const posts: SeedPost[] = DEMO_POSTS.map((p) => {
    const id = seedUuid(`post:${p.key}`);
    const author = member(p.author);
    const createdAt = at(p.daysAgo * DAY + random.int(1, 10) * HOUR + random.int(0, 59) * 60_000);
    let body = p.body;
    if (p.picture !== undefined || body.includes(PICTURE_LINE)) {
      if (p.picture === undefined || body.split(PICTURE_LINE).length !== 2) {
        throw new Error(`Post ${p.key}: a picture and one ${PICTURE_LINE} line go together`);
      }
      // Uploaded while writing, a few minutes before publishing.
      const picture = upload(
        `post:${p.key}`,
        author,
        'post_image',
        { kind: 'chart', seed: p.key, chart: p.picture },
        new Date(createdAt.getTime() - 5 * 60_000),
        { postId: id },
      );
      body = body.replace(PICTURE_LINE, `![](${uploadUrl(picture.id)})`);
    }
    return {
      id,
      authorId: author.id,
      title: p.title,
      body,
      tags: p.tags.map((tag) => tag.toLowerCase()),
      visibility: p.visibility ?? 'public',
      createdAt,
    };
  });

  const comments: SeedComment[] = [];
  const likes: SeedLike[] = [];
  for (const [index, post] of posts.entries()) {
    const key = DEMO_POSTS[index].key;
    const chinese = CJK.test(post.title);
    const readers = members.filter((m) => m.id !== post.authorId && mayRead(m, post.visibility));
    const age = now.getTime() - post.createdAt.getTime();
    // Comments land between the post and now, in order.
    const times = Array.from({ length: 12 }, () => Math.floor(random.next() * age * 0.9))
      .sort((a, b) => b - a)
      .map((msAgo) => at(msAgo));
    let clock = 0;
    const texts = random.sample(chinese ? COMMENTS_ZH : COMMENTS_EN, random.int(2, 4));
    for (const [c, text] of texts.entries()) {
      const comment: SeedComment = {
        id: seedUuid(`comment:${key}:${c}`),
        postId: post.id,
        authorId: random.pick(readers).id,
        parentId: null,
        body: text,
        createdAt: times[clock++],
      };
      comments.push(comment);
      const replies = random.sample(chinese ? REPLIES_ZH : REPLIES_EN, random.int(0, 2));
      const commenter = members.find((m) => m.id === comment.authorId);
      for (const [r, reply] of replies.entries()) {
        // The post's author answers most questions; sometimes another reader does.
        const authorId = random.next() < 0.6 ? post.authorId : random.pick(readers).id;
        // The first reply mentions the commenter, as the autocomplete writes it.
        const mention =
          r === 0 && commenter && authorId !== commenter.id
            ? `@[${commenter.displayName}](${commenter.id}) `
            : '';
        comments.push({
          id: seedUuid(`comment:${key}:${c}:${r}`),
          postId: post.id,
          authorId,
          parentId: comment.id,
          body: `${mention}${reply}`,
          createdAt: times[clock++],
        });
      }
    }
    for (const liker of random.sample(readers, random.int(2, Math.min(12, readers.length)))) {
      likes.push({ postId: post.id, memberId: liker.id, createdAt: at(random.next() * age) });
    }
  }

  const chat = (slug: SeedMessage['roomSlug'], lines: DemoChatLine[], spanHours: number) =>
    lines.map((line, index): SeedMessage => {
      const author = member(line.author);
      if (slug === 'golden-crown-lounge' && !seesGoldenCrown(author)) {
        throw new Error(`${line.author} may not talk in the Golden Crown lounge`);
      }
      return {
        roomSlug: slug,
        authorId: author.id,
        clientMsgId: `demo-${slug}-${String(index + 1).padStart(3, '0')}`,
        body: line.body,
        // Oldest first, minutes apart, ending shortly before now.
        createdAt: at(((lines.length - index) / lines.length) * spanHours * HOUR),
      };
    });
  const messages = [
    ...chat('general', GENERAL_CHAT, 26),
    ...chat('golden-crown-lounge', LOUNGE_CHAT, 20),
  ];

  const applications: SeedApplication[] = DEMO_APPLICATIONS.map((a) => {
    const application: SeedApplication = {
      id: seedUuid(a.key),
      applicantId: member(a.applicant).id,
      companyName: a.companyName,
      annualTurnoverCny: a.annualTurnoverCny,
      isDecisionMaker: a.isDecisionMaker,
      jobTitle: a.jobTitle,
      organizationType: a.organizationType,
      motivation: a.motivation,
      createdAt: at(a.daysAgo * DAY + random.int(1, 8) * HOUR),
    };
    // Uploaded on the form, minutes before it was sent.
    for (const [i, evidence] of a.evidence.entries()) {
      upload(
        `evidence:${a.key}:${i}`,
        member(a.applicant),
        'application_evidence',
        evidence.kind === 'statement'
          ? { kind: 'statement', seed: `${a.key}:${i}` }
          : { ...evidence, turnoverCny: a.annualTurnoverCny },
        new Date(application.createdAt.getTime() - (a.evidence.length - i) * 4 * 60_000),
        { applicationId: application.id },
      );
    }
    return application;
  });

  return { members, posts, comments, likes, messages, applications, uploads };
}
