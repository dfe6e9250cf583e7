import { Injectable } from '@nestjs/common';
import type { Language } from '../../common/i18n/language';
import { AppConfigService } from '../../config/app-config.service';

/** A mail's words in one language: subject, plain text and HTML. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * One paragraph of a mail: plain words, or a link. Values are escaped in the HTML part; a
 * mail carries no images and no tracking.
 */
export type MailBlock = string | { link: string; label: string };

/** A mail in one language, before rendering. */
export interface MailContent {
  subject: string;
  greeting: string;
  blocks: MailBlock[];
}

const SIGNATURE: Record<Language, string> = {
  zh: '老高电商圈',
  en: 'Laogao Circle',
};

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Renders a mail's content as its subject, plain text and HTML parts. */
export function renderMail(language: Language, content: MailContent): RenderedMail {
  const signature = SIGNATURE[language];
  const textBlocks = content.blocks.map((block) =>
    typeof block === 'string' ? block : `${block.label}:\n${block.link}`,
  );
  const text = [content.greeting, ...textBlocks, `— ${signature}`].join('\n\n') + '\n';
  const htmlBlocks = content.blocks.map((block) =>
    typeof block === 'string'
      ? `<p>${escapeHtml(block)}</p>`
      : `<p><a href="${escapeHtml(block.link)}">${escapeHtml(block.label)}</a></p>`,
  );
  const html =
    `<!doctype html><html lang="${language === 'zh' ? 'zh-CN' : 'en'}"><head><meta charset="utf-8">` +
    `<title>${escapeHtml(content.subject)}</title></head><body>` +
    `<p>${escapeHtml(content.greeting)}</p>${htmlBlocks.join('')}` +
    `<p>— ${escapeHtml(signature)}</p></body></html>`;
  return { subject: content.subject, text, html };
}

/**
 * The account mails (reset, verification, email change, security notices), in the
 * member's language. They carry no `List-Unsubscribe`: they always go. Links start at
 * `PUBLIC_URL`, else `http://localhost:PORT`.
 */
@Injectable()
export class MailTemplates {
  private readonly base: string;

  constructor(config: AppConfigService) {
    this.base = (config.get('PUBLIC_URL') ?? `http://localhost:${config.get('PORT')}`).replace(
      /\/+$/,
      '',
    );
  }

  /** An absolute link into the web client: `path` with its query values encoded. */
  link(path: string, query: Record<string, string> = {}): string {
    const search = new URLSearchParams(query).toString();
    return `${this.base}${path}${search ? `?${search}` : ''}`;
  }

  passwordReset(
    language: Language,
    values: { displayName: string; token: string; minutes: number },
  ): RenderedMail {
    const link = this.link('/reset-password', { token: values.token });
    if (language === 'zh') {
      return renderMail('zh', {
        subject: '重设老高电商圈的密码',
        greeting: `${values.displayName}，您好：`,
        blocks: [
          '有人请求重设您账号的密码。若是您本人，请打开下面的链接设置新密码：',
          { link, label: '设置新密码' },
          `链接 ${values.minutes} 分钟内有效，只能使用一次。设置新密码后，所有设备都会退出登录。`,
          '若不是您本人，请忽略这封邮件，您的密码不会改变。',
        ],
      });
    }
    return renderMail('en', {
      subject: 'Reset your Laogao Circle password',
      greeting: `Hello ${values.displayName},`,
      blocks: [
        'Someone asked to reset the password of your account. If it was you, open this link to choose a new one:',
        { link, label: 'Choose a new password' },
        `The link works once, within ${values.minutes} minutes. Setting a new password signs you out everywhere.`,
        'If it was not you, ignore this mail: your password stays as it is.',
      ],
    });
  }

  /** The link to verify the address a member registered with (or asked a new link for). */
  emailVerification(
    language: Language,
    values: { displayName: string; token: string; hours: number },
  ): RenderedMail {
    const link = this.link('/verify-email', { token: values.token });
    if (language === 'zh') {
      return renderMail('zh', {
        subject: '验证您在老高电商圈的邮箱',
        greeting: `${values.displayName}，您好：`,
        blocks: [
          '欢迎加入老高电商圈。请打开下面的链接，确认这个邮箱属于您：',
          { link, label: '验证邮箱' },
          `链接 ${values.hours} 小时内有效，只能使用一次。`,
          '若您没有注册，请忽略这封邮件。',
        ],
      });
    }
    return renderMail('en', {
      subject: 'Verify your email address for Laogao Circle',
      greeting: `Hello ${values.displayName},`,
      blocks: [
        'Welcome to Laogao Circle. Open this link to confirm that this address is yours:',
        { link, label: 'Verify my email address' },
        `The link works once, within ${values.hours} hours.`,
        'If you did not sign up, ignore this mail.',
      ],
    });
  }

  /** To the new address of an email change: the link that makes the change. */
  emailChange(
    language: Language,
    values: { displayName: string; newEmail: string; token: string; hours: number },
  ): RenderedMail {
    const link = this.link('/verify-email', { token: values.token });
    if (language === 'zh') {
      return renderMail('zh', {
        subject: '确认老高电商圈账号的新邮箱',
        greeting: `${values.displayName}，您好：`,
        blocks: [
          `有人请求把老高电商圈账号的邮箱改为 ${values.newEmail}。若是您本人，请打开下面的链接完成更改：`,
          { link, label: '确认新邮箱' },
          `链接 ${values.hours} 小时内有效，只能使用一次。确认之前，账号的邮箱不会改变。`,
          '若不是您本人，请忽略这封邮件。',
        ],
      });
    }
    return renderMail('en', {
      subject: 'Confirm the new email address of your Laogao Circle account',
      greeting: `Hello ${values.displayName},`,
      blocks: [
        `Someone asked to change the email address of a Laogao Circle account to ${values.newEmail}. If it was you, open this link to make the change:`,
        { link, label: 'Confirm my new address' },
        `The link works once, within ${values.hours} hours. Until then the account keeps its present address.`,
        'If it was not you, ignore this mail.',
      ],
    });
  }

  /** To the present address of an email change: a security notice (it always goes). */
  emailChangeNotice(
    language: Language,
    values: { displayName: string; newEmail: string },
  ): RenderedMail {
    const reset = this.link('/forgot-password');
    if (language === 'zh') {
      return renderMail('zh', {
        subject: '老高电商圈账号的邮箱更改请求',
        greeting: `${values.displayName}，您好：`,
        blocks: [
          `您的账号刚刚请求把邮箱改为 ${values.newEmail}。新邮箱收到的确认链接被打开后，更改才会生效，之后登录和邮件都使用新邮箱。`,
          '若是您本人，无需任何操作。若不是您本人，说明有人知道您的密码：请立即重设密码，所有设备都会退出登录。',
          { link: reset, label: '重设密码' },
        ],
      });
    }
    return renderMail('en', {
      subject: 'Your Laogao Circle email address is about to change',
      greeting: `Hello ${values.displayName},`,
      blocks: [
        `Your account just asked to change its email address to ${values.newEmail}. The change happens once the link mailed to that address is opened; from then on you sign in and get mail there.`,
        'If it was you, there is nothing to do. If it was not, someone knows your password: reset it now, which signs you out everywhere.',
        { link: reset, label: 'Reset my password' },
      ],
    });
  }
}
