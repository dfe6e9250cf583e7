/** What a feature hands to `MailOutbox.enqueue`: one mail to one address, already rendered. */
export interface MailToSend {
  /** What the mail is (`email_verification`, `password_reset`, `digest`, …), at most 64 characters. */
  kind: string;
  to: string;
  /** The member it is for; `null` for an address that is no member's yet (an email change). */
  memberId: string | null;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, such as `List-Unsubscribe` and `List-Unsubscribe-Post`. */
  headers?: Record<string, string>;
}

/** A stored mail as the transports send it. */
export interface OutgoingMail {
  messageId: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers: Record<string, string>;
  /** When it was enqueued: the `Date` header, the same on every attempt. */
  date: Date;
}
