import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainEventBus, type DomainEvents } from '../../common/events/domain-events';
import type { Role, Tier } from '../members/member.types';
import { MentionResolver } from '../mentions/mention-resolver';
import { scanPlainText } from '../mentions/mention-syntax';
import { mayJoin, RoomsService } from './rooms.service';

/**
 * Mentions in chat and direct messages: after a message is stored, the members its `@`s
 * name (at most ten) who may read it — the room's audience, or the conversation's members —
 * are handed to the notifications feature (`content.mentioned`), which also applies blocks.
 * Off the send path: the message is acknowledged and broadcast first.
 */
@Injectable()
export class MessageMentions {
  private readonly logger = new Logger(MessageMentions.name);

  constructor(
    private readonly resolver: MentionResolver,
    private readonly rooms: RoomsService,
    private readonly events: DomainEventBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @OnEvent('discussion.message.created')
  async onMessage(event: DomainEvents['discussion.message.created']): Promise<void> {
    const { message } = event;
    if (!message.body.includes('@')) return;
    try {
      const { memberIds } = await this.resolver.resolve(scanPlainText(message.body));
      const readers = await this.readersAmong(event, memberIds);
      if (readers.length === 0) return;
      const room = await this.rooms.find(message.roomId);
      await this.events.emitAndWait('content.mentioned', {
        authorId: message.author.id,
        memberIds: readers,
        about: { kind: 'message', roomId: message.roomId, messageId: message.id },
        data: message.conversationId
          ? { conversationId: message.conversationId, messageId: message.id, seq: message.seq }
          : {
              roomId: message.roomId,
              roomName: room?.name ?? '',
              messageId: message.id,
              seq: message.seq,
            },
      });
    } catch (error) {
      this.logger.error({ err: error }, 'Could not tell the members a message mentions');
    }
  }

  /** Of `memberIds`, those who may read the message now (not the author). */
  private async readersAmong(
    event: DomainEvents['discussion.message.created'],
    memberIds: string[],
  ): Promise<string[]> {
    const others = memberIds.filter((id) => id !== event.message.author.id);
    if (others.length === 0) return [];
    if (event.memberIds) return others.filter((id) => event.memberIds?.includes(id));
    const room = await this.rooms.find(event.message.roomId);
    if (!room) return [];
    const rows = await this.dataSource.query<{ id: string; role: Role; tier: Tier }[]>(
      'SELECT id, role, tier FROM members WHERE id = ANY($1::uuid[]) AND erased_at IS NULL',
      [others],
    );
    const allowed = new Set(rows.filter((row) => mayJoin(row, room)).map((row) => row.id));
    return others.filter((id) => allowed.has(id));
  }
}
