import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { AppConfigService } from '../../config/app-config.service';
import { MailOutboxRow } from './mail-outbox.entity';
import type { MailToSend } from './mail.types';

/** The sender without `MAIL_FROM` (only the `.eml` default runs without it). */
export const DEFAULT_MAIL_FROM = 'Laogao Circle <no-reply@localhost>';

/**
 * How a feature sends mail: `enqueue(em, mail)` with the `EntityManager` of its own
 * transaction, so the mail is stored if and only if what caused it commits. `MailWorker`
 * sends it afterwards (within a couple of seconds, or at once after `wake()`).
 */
@Injectable()
export class MailOutbox {
  private readonly domain: string;
  private readonly listeners = new Set<() => void>();

  constructor(
    config: AppConfigService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.domain = messageIdDomain(config.get('MAIL_FROM'), config.get('PUBLIC_URL'));
  }

  /** Stores the mail in the caller's transaction; answers its id and stable `Message-ID`. */
  async enqueue(em: EntityManager, mail: MailToSend): Promise<{ id: string; messageId: string }> {
    const messageId = `<${randomUUID()}@${this.domain}>`;
    const row = em.create(MailOutboxRow, {
      messageId,
      kind: mail.kind,
      memberId: mail.memberId,
      toAddress: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      headers: mail.headers ?? {},
      status: 'pending',
      attempts: 0,
      nextAttemptAt: this.clock.now(),
    });
    const saved = await em.save(row);
    return { id: saved.id, messageId };
  }

  /** After the caller's commit: asks this process's worker to send now, not at its next poll. */
  wake(): void {
    for (const listener of this.listeners) listener();
  }

  /** @internal `MailWorker` listens here. */
  onWake(listener: () => void): void {
    this.listeners.add(listener);
  }
}

/** The part after `@` of `MAIL_FROM`, else the host of `PUBLIC_URL`, else `localhost`. */
export function messageIdDomain(mailFrom?: string, publicUrl?: string): string {
  const address = /<([^>]+)>\s*$/.exec(mailFrom ?? '')?.[1] ?? mailFrom;
  const domain = address?.split('@')[1];
  if (domain) return domain;
  return publicUrl ? new URL(publicUrl).hostname : 'localhost';
}
