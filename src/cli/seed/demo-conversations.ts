import type { DataSource } from 'typeorm';
import { memberKeyOf } from '../../modules/discussion/conversations.service';
import { seedUuid } from './random';
import { insertRows, type Query } from './sql';

/** A demo direct conversation: its members by handle, and who says what, in order. */
interface DemoConversation {
  key: string;
  handles: string[];
  lines: [handle: string, body: string][];
  /** How long ago its first message was written. */
  hoursAgo: number;
}

export const DEMO_CONVERSATIONS: DemoConversation[] = [
  {
    key: 'laogao-lin',
    handles: ['laogao', 'lin.xiaoyu'],
    hoursAgo: 30,
    lines: [
      ['laogao', '晓雨，你们店双十一的预热节奏定了吗？'],
      ['lin.xiaoyu', '定了，提前十天开始种草，第七天开始发券。'],
      ['laogao', '发券那天记得盯一下转化率，去年很多店在这一步掉得厉害。'],
      ['lin.xiaoyu', '好的，我把数据看板发您看看。'],
    ],
  },
  {
    key: 'mia-david',
    handles: ['mia.chen', 'david.wu'],
    hoursAgo: 8,
    lines: [
      ['mia.chen', 'David, do you have the activity calendar for the spring sale yet?'],
      ['david.wu', 'Not yet, the platform publishes it next week. I will forward it.'],
      ['mia.chen', 'Thanks! Our category needs three weeks to prepare stock.'],
    ],
  },
  {
    key: 'directors',
    handles: ['zhou.ming', 'laogao', 'wang.lei'],
    hoursAgo: 3,
    lines: [
      ['zhou.ming', '两位好，下周想约个时间聊聊团队的排班和分工。'],
      ['wang.lei', '我周三下午都可以。'],
      ['laogao', '周三下午三点，线上会议，我来发链接。'],
    ],
  },
];

/** A demo member's id, as `buildDemoData` makes it. */
const memberIdOf = (handle: string): string => seedUuid(`member:${handle}`);

const on = (runner: DataSource | { query: Query }): Query => runner.query.bind(runner);

/**
 * A few direct conversations between demo members, written as the server writes them: a room
 * of kind `direct` with its member key, its members, gapless messages and read positions
 * (each member has read up to their own last message, so some are unread). Idempotent: a
 * conversation already there is left alone. Answers how many messages were added.
 */
export async function seedDemoConversations(
  dataSource: DataSource,
  now: Date = new Date(),
): Promise<number> {
  let added = 0;
  for (const conversation of DEMO_CONVERSATIONS) {
    added += await dataSource.transaction(async (em) => {
      const query = on(em);
      const roomId = seedUuid(`conversation:${conversation.key}`);
      const memberIds = conversation.handles.map(memberIdOf);
      const started = new Date(now.getTime() - conversation.hoursAgo * 3_600_000);
      const created = await insertRows(
        query,
        'rooms',
        ['id', 'slug', 'name', 'kind', 'member_key', 'created_by', 'created_at', 'last_seq'],
        [
          [
            roomId,
            `dm-${roomId}`,
            '',
            'direct',
            memberKeyOf(memberIds),
            memberIds[0],
            started,
            conversation.lines.length,
          ],
        ],
      );
      if (created === 0) return 0;
      await insertRows(
        query,
        'conversation_members',
        ['room_id', 'member_id', 'joined_at'],
        memberIds.map((id) => [roomId, id, started]),
      );
      await insertRows(
        query,
        'room_read_positions',
        ['member_id', 'room_id', 'last_read_seq'],
        conversation.handles.map((handle, i) => {
          const own = conversation.lines.map(([who]) => who).lastIndexOf(handle) + 1;
          return [memberIds[i], roomId, own];
        }),
      );
      return insertRows(
        query,
        'messages',
        ['room_id', 'seq', 'author_id', 'client_msg_id', 'body', 'created_at'],
        conversation.lines.map(([handle, body], i) => [
          roomId,
          i + 1,
          memberIdOf(handle),
          `demo-dm:${conversation.key}:${i + 1}`,
          body,
          new Date(started.getTime() + i * 7 * 60_000),
        ]),
      );
    });
  }
  return added;
}
