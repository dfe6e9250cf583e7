import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import {
  ReportableContentSource,
  type ReportableContent,
  type ReportableTarget,
} from '../../common/moderation/reportable-content';
import { MessagesService } from './messages.service';

/** Chat messages: hiding one leaves a tombstone in the room's history, as a deletion does. */
@Injectable()
@ReportableContentSource()
export class MessageReportableContent implements ReportableContent {
  readonly type = 'message';

  constructor(private readonly messages: MessagesService) {}

  find(id: string, reporter: AuthMember): Promise<ReportableTarget | null> {
    return this.messages.findForReport(id, reporter);
  }

  hide(em: EntityManager, id: string, moderatorId: string): Promise<boolean> {
    return this.messages.hideAsModerator(em, id, moderatorId);
  }

  afterHide(id: string): Promise<void> {
    return this.messages.announceHidden(id);
  }
}
