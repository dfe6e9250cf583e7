import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthMember } from '../../common/auth/auth-member';
import { UnauthenticatedError, ValidationFailedError } from '../../common/errors/domain-error';
import { MailOutbox } from '../mail/mail-outbox';
import { MailTemplates } from '../mail/mail-templates';
import { EmailTakenError } from '../members/members.errors';
import { MembersService, normalizeEmail } from '../members/members.service';
import { PasswordIncorrectError } from './auth.errors';
import { AuthService } from './auth.service';
import { EMAIL_CHANGE_HOURS, EmailVerificationService } from './email-verification.service';

/**
 * `POST /api/members/me/email`: a change of address, confirmed twice. The member's own
 * password first (a wrong one counts toward the login lockout, like a password change);
 * then a link to the new address, which makes the change only when it is opened
 * (`EmailVerificationService.confirm`), and a security notice to the present address. Both
 * mails and the token are stored in one transaction.
 */
@Injectable()
export class EmailChangeService {
  constructor(
    private readonly auth: AuthService,
    private readonly members: MembersService,
    private readonly verification: EmailVerificationService,
    private readonly outbox: MailOutbox,
    private readonly templates: MailTemplates,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async request(member: AuthMember, newEmail: string, password: string, ip: string): Promise<void> {
    if (!(await this.auth.checkOwnPassword(member.id, password, ip))) {
      throw new PasswordIncorrectError();
    }
    const address = normalizeEmail(newEmail);
    const [current, holder] = await Promise.all([
      this.members.findActive(member.id),
      this.members.findByEmail(address),
    ]);
    const oldEmail = current?.email;
    if (!current || !oldEmail) throw new UnauthenticatedError('The session has ended');
    if (oldEmail === address) {
      throw new ValidationFailedError(
        [
          {
            field: 'newEmail',
            messages: [
              { en: 'newEmail is already the address of this account', zh: '已经是账号现在的邮箱' },
            ],
          },
        ],
        'This is already your address',
      );
    }
    // What registration tells anyone about an address, and no more.
    if (holder) throw new EmailTakenError();
    await this.dataSource.transaction(async (em) => {
      const token = await this.verification.storeChangeToken(em, member.id, address);
      await this.outbox.enqueue(em, {
        kind: 'email_change',
        to: address,
        memberId: member.id,
        ...this.templates.emailChange(current.locale, {
          displayName: current.displayName,
          newEmail: address,
          token,
          hours: EMAIL_CHANGE_HOURS,
        }),
      });
      await this.outbox.enqueue(em, {
        kind: 'email_change_notice',
        to: oldEmail,
        memberId: member.id,
        ...this.templates.emailChangeNotice(current.locale, {
          displayName: current.displayName,
          newEmail: address,
        }),
      });
    });
    this.outbox.wake();
  }
}
