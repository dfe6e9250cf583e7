import { Injectable } from '@nestjs/common';
import type { Language } from '../../common/i18n/language';
import {
  MailTemplates,
  renderMail,
  type MailBlock,
  type RenderedMail,
} from '../mail/mail-templates';
import type { NotificationType } from '../notifications/notification.entity';

/** A notification as a mail tells it: its kind, `data`, and the actor's current name. */
export interface MailedNotification {
  type: NotificationType;
  data: Record<string, unknown>;
  /** `null`: the system, or an actor that is gone (erased reads "deleted member"). */
  actorName: string | null;
  actorErased: boolean;
}

export interface Recipient {
  displayName: string;
  locale: Language;
}

/** One notification in words: a sentence, what it adds (a reason), and where it leads. */
interface Described {
  sentence: string;
  detail?: string;
  path: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const WORDS = {
  zh: {
    greeting: (name: string) => `${name}，您好：`,
    someone: '有人',
    moderator: '一位版主',
    deletedMember: '一位已注销的会员',
    open: '在老高电商圈查看',
    reason: (reason: string) => `理由：${reason}`,
    why: '您收到这封邮件，是因为您在老高电商圈的邮件设置中选择了接收这类通知。',
    preferences: '更改邮件设置',
    unsubscribeKind: '不再接收这类邮件',
    unsubscribeDigest: '不再接收摘要邮件',
    digestSubject: (count: number) => `老高电商圈摘要：${count} 条新通知`,
    digestIntro: (count: number) => `自上次摘要以来，您有 ${count} 条新通知：`,
    digestMore: (count: number) => `还有 ${count} 条，请在通知中查看`,
    date: (iso: string) =>
      new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        dateStyle: 'long',
        timeStyle: 'short',
      }).format(new Date(iso)) + '（北京时间）',
  },
  en: {
    greeting: (name: string) => `Hello ${name},`,
    someone: 'Someone',
    moderator: 'A moderator',
    deletedMember: 'A deleted member',
    open: 'Open it on Laogao Circle',
    reason: (reason: string) => `Reason: ${reason}`,
    why: 'You get this mail because your Laogao Circle mail settings ask for this kind of notification.',
    preferences: 'Change your mail settings',
    unsubscribeKind: 'Stop mails of this kind',
    unsubscribeDigest: 'Stop the digest',
    digestSubject: (count: number) =>
      `Your Laogao Circle digest: ${count} new notification${count === 1 ? '' : 's'}`,
    digestIntro: (count: number) =>
      `Since your last digest, ${count === 1 ? 'this has' : `these ${count} have`} arrived:`,
    digestMore: (count: number) => `And ${count} more in your notifications`,
    date: (iso: string) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'UTC',
        dateStyle: 'long',
        timeStyle: 'short',
      }).format(new Date(iso)) + ' UTC',
  },
} as const;

/** Kinds a moderator's action causes: without an actor they read "a moderator". */
const BY_STAFF: ReadonlySet<NotificationType> = new Set([
  'application_decided',
  'report_resolved',
  'tier_revoked',
  'member_suspended',
]);

function who(language: Language, n: MailedNotification): string {
  const words = WORDS[language];
  if (n.actorErased) return words.deletedMember;
  if (n.actorName) return n.actorName;
  return BY_STAFF.has(n.type) ? words.moderator : words.someone;
}

function postPath(data: Record<string, unknown>): string {
  const comment = text(data.commentId) ? `#comment-${text(data.commentId)}` : '';
  return `/posts/${text(data.postId)}${comment}`;
}

function describe(language: Language, n: MailedNotification): Described {
  const actor = who(language, n);
  const title = text(n.data.postTitle);
  const reason = text(n.data.reason);
  const detail = reason ? WORDS[language].reason(reason) : undefined;
  const zh = language === 'zh';
  switch (n.type) {
    case 'comment_on_post':
      return {
        sentence: zh
          ? `${actor} 评论了您的帖子《${title}》。`
          : `${actor} commented on your post “${title}”.`,
        path: postPath(n.data),
      };
    case 'reply_to_comment':
      return {
        sentence: zh
          ? `${actor} 回复了您在《${title}》下的评论。`
          : `${actor} replied to your comment on “${title}”.`,
        path: postPath(n.data),
      };
    case 'mention':
      return {
        sentence: zh
          ? `${actor} 在《${title}》中提到了您。`
          : `${actor} mentioned you in “${title}”.`,
        path: postPath(n.data),
      };
    case 'application_decided': {
      const approved = n.data.decision === 'approved';
      return {
        sentence: approved
          ? zh
            ? '您的金冠俱乐部申请已获批准，欢迎加入！'
            : 'Your Golden Crown Club application was approved. Welcome!'
          : zh
            ? '您的金冠俱乐部申请未获批准。'
            : 'Your Golden Crown Club application was not approved.',
        ...(approved ? {} : { detail }),
        path: '/golden-crown',
      };
    }
    case 'golden_crown_expiring': {
      const until = text(n.data.until);
      const date = until ? WORDS[language].date(until) : '';
      return {
        sentence: zh
          ? `您的金冠会员资格将于 ${date} 到期，可以申请续期。`
          : `Your Golden Crown membership ends on ${date}; you can apply to renew it.`,
        path: '/golden-crown',
      };
    }
    case 'golden_crown_lapsed': {
      const until = text(n.data.until);
      const date = until ? WORDS[language].date(until) : '';
      return {
        sentence: zh
          ? `您的金冠会员资格已于 ${date} 到期，会员等级已恢复为普通会员。您可以随时重新申请。`
          : `Your Golden Crown membership ended on ${date}; you are a standard member again and may apply anew.`,
        path: '/golden-crown',
      };
    }
    case 'tier_revoked':
      return {
        sentence: zh ? '您的金冠会员资格已被撤销。' : 'Your Golden Crown membership was revoked.',
        detail,
        path: '/golden-crown',
      };
    case 'member_suspended': {
      const until = text(n.data.until);
      const date = until ? WORDS[language].date(until) : '';
      return {
        sentence: zh
          ? `您的账号已被暂停，直到 ${date}。在此期间您可以阅读，但不能发布内容。`
          : `Your account is suspended until ${date}. Until then you can read but not write.`,
        detail,
        path: '/settings',
      };
    }
    case 'report_resolved':
      return {
        sentence:
          n.data.action === 'hide_content'
            ? zh
              ? '您的举报已处理：相关内容已被隐藏。'
              : 'Your report was reviewed: the content was hidden.'
            : zh
              ? '您的举报已处理：相关内容保持不变。'
              : 'Your report was reviewed: the content stays as it is.',
        path: '/notifications',
      };
    case 'new_follower':
      return {
        sentence: zh ? `${actor} 关注了您。` : `${actor} started following you.`,
        path: text(n.data.actorId) ? `/members/${text(n.data.actorId)}` : '/notifications',
      };
    case 'direct_message': {
      const count = typeof n.data.count === 'number' ? n.data.count : 1;
      const conversation = text(n.data.conversationId);
      return {
        sentence: zh
          ? `${actor} 给您发了${count > 1 ? ` ${count} 条` : ''}私信。`
          : `${actor} sent you ${count > 1 ? `${count} direct messages` : 'a direct message'}.`,
        path: conversation ? `/messages/${conversation}` : '/notifications',
      };
    }
  }
}

/**
 * Notification mails: one notification at once, or the digest of several. Every one says
 * why it came, links the mail settings and unsubscribes in one click (the link opens the
 * web client's confirmation page; the `List-Unsubscribe` header is the one-click one).
 */
@Injectable()
export class NotificationMailTemplates {
  constructor(private readonly templates: MailTemplates) {}

  instant(to: Recipient, n: MailedNotification, unsubscribeToken: string): RenderedMail {
    const words = WORDS[to.locale];
    const described = describe(to.locale, n);
    const blocks: MailBlock[] = [described.sentence];
    if (described.detail) blocks.push(described.detail);
    blocks.push({ link: this.templates.link(described.path), label: words.open });
    return renderMail(to.locale, {
      subject: described.sentence,
      greeting: words.greeting(to.displayName),
      blocks: [...blocks, ...this.footer(to.locale, words.unsubscribeKind, unsubscribeToken)],
    });
  }

  /** `items`: the newest of `total` notifications, newest first. */
  digest(
    to: Recipient,
    items: MailedNotification[],
    total: number,
    unsubscribeToken: string,
  ): RenderedMail {
    const words = WORDS[to.locale];
    const blocks: MailBlock[] = [words.digestIntro(total)];
    for (const item of items) {
      const described = describe(to.locale, item);
      const label = described.detail
        ? `${described.sentence} ${described.detail}`
        : described.sentence;
      blocks.push({ link: this.templates.link(described.path), label });
    }
    if (total > items.length) {
      blocks.push({
        link: this.templates.link('/notifications'),
        label: words.digestMore(total - items.length),
      });
    }
    return renderMail(to.locale, {
      subject: words.digestSubject(total),
      greeting: words.greeting(to.displayName),
      blocks: [...blocks, ...this.footer(to.locale, words.unsubscribeDigest, unsubscribeToken)],
    });
  }

  /** The headers of RFC 8058's one-click unsubscribe. */
  unsubscribeHeaders(token: string): Record<string, string> {
    return {
      'List-Unsubscribe': `<${this.templates.link('/api/email/unsubscribe', { token })}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }

  private footer(language: Language, unsubscribeLabel: string, token: string): MailBlock[] {
    const words = WORDS[language];
    return [
      words.why,
      { link: this.templates.link('/settings'), label: words.preferences },
      { link: this.templates.link('/unsubscribe', { token }), label: unsubscribeLabel },
    ];
  }
}
