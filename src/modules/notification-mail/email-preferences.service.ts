import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/errors/domain-error';
import { MembersService } from '../members/members.service';
import type { NotificationType } from '../notifications/notification.entity';
import type { UpdateEmailPreferencesDto } from './dto/email-preferences.dto';
import { EmailPreferences } from './email-preferences.entity';
import {
  DEFAULT_DIGEST,
  effectiveKinds,
  MAIL_KINDS,
  type EmailPreferencesView,
  type KindMode,
} from './email-preferences';
import { UnsubscribeTokenInvalidError } from './notification-mail.errors';
import { UnsubscribeTokens } from './unsubscribe-tokens';

/**
 * A member's mail choices: the language (`members.locale`), the digest period and a mode
 * per notification kind, over the defaults of the API contract; and the one-click
 * unsubscribe, which turns one kind (or the digest) off.
 */
@Injectable()
export class EmailPreferencesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly members: MembersService,
    private readonly tokens: UnsubscribeTokens,
  ) {}

  async get(memberId: string): Promise<EmailPreferencesView> {
    const member = await this.members.findActive(memberId);
    if (!member) throw new NotFoundError('Member');
    const stored = await this.dataSource.manager.findOneBy(EmailPreferences, { memberId });
    return {
      locale: member.locale,
      digest: stored?.digest ?? DEFAULT_DIGEST,
      kinds: effectiveKinds(stored?.kinds),
    };
  }

  /** Kinds left out of `kinds` keep their setting. */
  async update(memberId: string, dto: UpdateEmailPreferencesDto): Promise<EmailPreferencesView> {
    const chosen: Partial<Record<NotificationType, KindMode>> = {};
    for (const kind of MAIL_KINDS) {
      const mode = dto.kinds[kind];
      if (mode !== undefined) chosen[kind] = mode;
    }
    await this.dataSource.transaction(async (em) => {
      await this.members.setLocale(em, memberId, dto.locale);
      await em.query(
        `INSERT INTO email_preferences (member_id, digest, kinds) VALUES ($1, $2, $3)
         ON CONFLICT (member_id) DO UPDATE
           SET digest = EXCLUDED.digest, kinds = email_preferences.kinds || EXCLUDED.kinds,
               updated_at = now()`,
        [memberId, dto.digest, chosen],
      );
    });
    await this.members.changed(memberId);
    return this.get(memberId);
  }

  /**
   * Turns off what the token names (a kind, or the digest). Idempotent; a token of an erased
   * member changes nothing and answers the same.
   */
  async unsubscribe(token: string): Promise<void> {
    const claim = this.tokens.verify(token);
    if (!claim) throw new UnsubscribeTokenInvalidError();
    const [digest, kinds] =
      claim.target === 'digest' ? ['off', {}] : [DEFAULT_DIGEST, { [claim.target]: 'off' }];
    await this.dataSource.query(
      `INSERT INTO email_preferences (member_id, digest, kinds)
       SELECT id, $2, $3 FROM members WHERE id = $1 AND erased_at IS NULL
       ON CONFLICT (member_id) DO UPDATE
         SET ${claim.target === 'digest' ? `digest = 'off'` : 'kinds = email_preferences.kinds || EXCLUDED.kinds'},
             updated_at = now()`,
      [claim.memberId, digest, kinds],
    );
  }
}
