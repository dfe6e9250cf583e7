import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { DomainEvents } from '../../common/events/domain-events';
import { BlocksService } from '../blocks/blocks.service';
import { NotificationsService } from './notifications.service';

/**
 * The `mention` notification: a mentioned member is told unless they are the author, a
 * block stands between the two (either way: a block stops mentions notifying), or they
 * may not see the content (`notify` checks a post against their rights now; the
 * discussion feature names only a message's readers).
 */
@Injectable()
export class MentionNotifications {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly blocks: BlocksService,
  ) {}

  @OnEvent('content.mentioned')
  async onMentioned(event: DomainEvents['content.mentioned']): Promise<void> {
    const others = event.memberIds.filter((memberId) => memberId !== event.authorId);
    const blocks = await this.blocks.relations(event.authorId, others);
    const { about } = event;
    for (const memberId of others) {
      if (blocks.blockedByMember.has(memberId) || blocks.blockingMember.has(memberId)) continue;
      await this.notifications.notify({
        memberId,
        type: 'mention',
        actorId: event.authorId,
        // A post is checked here against the member's rights; a message's readers were
        // chosen by the discussion feature (the room's audience, the conversation's members).
        ...(about.kind === 'post'
          ? {
              about: {
                kind: 'post' as const,
                postId: about.postId,
                ...(about.commentId ? { commentId: about.commentId } : {}),
              },
            }
          : {}),
        data: event.data,
      });
    }
  }
}
