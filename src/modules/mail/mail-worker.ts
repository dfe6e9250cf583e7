import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { CLOCK, type Clock } from '../../common/clock/clock';
import { loggableError } from '../../common/errors/loggable-error';
import { AppConfigService } from '../../config/app-config.service';
import { DEFAULT_MAIL_FROM, MailOutbox } from './mail-outbox';
import { MailSuppressions } from './mail-suppressions';
import { classifySendFailure, MAIL_TRANSPORT, type MailTransport } from './mail-transport';

/** How often each process looks for mail to send. */
export const MAIL_POLL_MS = 2_000;
/** A claimed mail is left to its worker this long; then another may send it (a crash). */
export const MAIL_CLAIM_MS = 5 * 60_000;
const BATCH = 20;
/**
 * The wait after the n-th failed attempt: `firstMs` (`MAIL_RETRY_MS`, 30 s), then twice as
 * long each time, at most an hour; never given up.
 */
export function retryDelayMs(attempts: number, firstMs = 30_000): number {
  return Math.min(firstMs * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

interface ClaimedRow {
  id: string;
  message_id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  headers: Record<string, string>;
  attempts: number;
  created_at: Date;
  member_id: string | null;
  /** The reply code that stopped mail to the address, when it is stopped. */
  suppressed_by: number | null;
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  undeliverable: number;
  /** Not sent: the address had refused mail for good before (`mail_suppressions`). */
  suppressed: number;
}

/**
 * Sends the outbox. Every process runs one; they share the rows through the claim: one
 * statement takes up to 20 due mails (`FOR UPDATE SKIP LOCKED`, so two workers never take
 * the same row) and moves their `next_attempt_at` past the claim's end, then the mails are
 * sent with no transaction open, and each is marked `sent`, rescheduled with backoff
 * (no connection, 4xx) or marked `undeliverable` (5xx to the address or message). A 5xx to
 * the address (`RCPT TO`) also records it in `mail_suppressions`; a claimed mail to a
 * recorded address is marked `suppressed` without contacting the server.
 *
 * Never twice, except in one window: a process that dies after the server accepted a mail
 * and before it is marked sent. After the claim runs out the mail is sent again, with the
 * same `Message-ID` and `Date`, which mail programs use to show it once.
 */
@Injectable()
export class MailWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Mail');
  private timer?: NodeJS.Timeout;
  private running: Promise<DeliveryReport> | null = null;
  private again = false;
  private stopped = false;
  private paused = false;
  private readonly from: string;
  private readonly retryMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly suppressions: MailSuppressions,
    outbox: MailOutbox,
    config: AppConfigService,
  ) {
    this.from = config.get('MAIL_FROM') ?? DEFAULT_MAIL_FROM;
    this.retryMs = config.get('MAIL_RETRY_MS');
    outbox.onWake(() => this.poll());
  }

  onApplicationBootstrap(): void {
    this.logger.log(`Mail: ${this.transport.description}; from ${this.from}`);
    this.timer = setInterval(() => this.poll(), MAIL_POLL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transport.close();
  }

  /** Stops this process's polling (tests that drive `deliverDue` themselves); `wake()` too. */
  pausePolling(): void {
    clearInterval(this.timer);
    this.paused = true;
  }

  /** Sends every mail due at `now` (the clock's time by default); tests call it directly. */
  async deliverDue(now?: Date): Promise<DeliveryReport> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.deliver(now);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private poll(): void {
    if (this.stopped || this.paused) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.deliverDue()
      .catch((error: unknown) =>
        this.logger.warn({ err: loggableError(error) }, 'Mail: the outbox could not be read'),
      )
      .finally(() => {
        if (this.again && !this.stopped) {
          this.again = false;
          this.poll();
        }
      });
  }

  private async deliver(at?: Date): Promise<DeliveryReport> {
    const report: DeliveryReport = { sent: 0, retried: 0, undeliverable: 0, suppressed: 0 };
    for (;;) {
      const now = at ?? this.clock.now();
      const rows = await this.claim(now);
      for (const row of rows) await this.send(row, report);
      if (rows.length < BATCH || this.stopped) return report;
    }
  }

  private async claim(now: Date): Promise<ClaimedRow[]> {
    const [rows] = await this.dataSource.query<[ClaimedRow[], number]>(
      `UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = $2
       WHERE id IN (
         SELECT id FROM mail_outbox
         WHERE status = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at
         LIMIT ${BATCH}
         FOR UPDATE SKIP LOCKED)
       RETURNING id, message_id, to_address, subject, text_body, html_body, headers, attempts,
                 created_at, member_id,
                 (SELECT s.code FROM mail_suppressions s
                   WHERE s.address = lower(mail_outbox.to_address)) AS suppressed_by`,
      [now, new Date(now.getTime() + MAIL_CLAIM_MS)],
    );
    return rows;
  }

  private async send(row: ClaimedRow, report: DeliveryReport): Promise<void> {
    if (row.suppressed_by !== null) {
      report.suppressed++;
      await this.mark(row, `status = 'suppressed', last_error = $3`, [
        `not sent: the address refused mail before (${row.suppressed_by})`,
      ]);
      return;
    }
    try {
      await this.transport.send({
        messageId: row.message_id,
        from: this.from,
        to: row.to_address,
        subject: row.subject,
        text: row.text_body,
        ...(row.html_body === null ? {} : { html: row.html_body }),
        headers: row.headers,
        date: new Date(row.created_at),
      });
    } catch (error) {
      const failure = classifySendFailure(error);
      if (failure.retry) {
        report.retried++;
        const next = new Date(
          this.clock.now().getTime() + retryDelayMs(row.attempts, this.retryMs),
        );
        this.logger.warn(
          { id: row.id, attempts: row.attempts, next, reason: failure.reason },
          'Mail: not sent; it will be tried again',
        );
        await this.mark(row, `next_attempt_at = $3, last_error = $4`, [next, failure.reason]);
      } else {
        report.undeliverable++;
        this.logger.warn(
          { id: row.id, code: failure.code, refused: failure.refused },
          'Mail: refused for good',
        );
        await this.dataSource.transaction(async (em) => {
          await this.mark(row, `status = 'undeliverable', last_error = $3`, [failure.reason], em);
          if (failure.refused === 'recipient') {
            await this.suppressions.record(em, {
              address: row.to_address,
              code: failure.code,
              reason: failure.reason,
              memberId: row.member_id,
              at: this.clock.now(),
            });
          }
        });
      }
      return;
    }
    report.sent++;
    await this.mark(row, `status = 'sent', sent_at = $3, last_error = NULL`, [this.clock.now()]);
  }

  /** Updates a row this worker still holds (no other claim came after its own). */
  private async mark(
    row: ClaimedRow,
    set: string,
    values: unknown[],
    runner: DataSource | EntityManager = this.dataSource,
  ): Promise<void> {
    await runner.query(
      `UPDATE mail_outbox SET ${set} WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [row.id, row.attempts, ...values],
    );
  }
}
