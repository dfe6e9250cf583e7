import { AppConfigService } from '../../config/app-config.service';
import { validateEnvironment } from '../../config/env.schema';
import { escapeHtml, MailTemplates, renderMail } from './mail-templates';

const templatesWith = (env: Record<string, string>) =>
  new MailTemplates(
    new AppConfigService(
      validateEnvironment({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(64), ...env }),
    ),
  );

describe('MailTemplates', () => {
  it('links from PUBLIC_URL, else http://localhost:PORT, with the query encoded', () => {
    expect(
      templatesWith({ PUBLIC_URL: 'https://circle.example.com/' }).link('/a', { t: 'x y' }),
    ).toBe('https://circle.example.com/a?t=x+y');
    expect(templatesWith({ PORT: '4321' }).link('/reset-password', { token: 'a/b' })).toBe(
      'http://localhost:4321/reset-password?token=a%2Fb',
    );
  });

  it('writes the reset mail in the member’s language, with the link in both parts', () => {
    const templates = templatesWith({ PUBLIC_URL: 'https://c.example' });
    const zh = templates.passwordReset('zh', { displayName: '李雷', token: 'tok', minutes: 30 });
    const en = templates.passwordReset('en', { displayName: 'Ada', token: 'tok', minutes: 30 });
    expect(zh.subject).toBe('重设老高电商圈的密码');
    expect(en.subject).toBe('Reset your Laogao Circle password');
    for (const mail of [zh, en]) {
      expect(mail.text).toContain('\nhttps://c.example/reset-password?token=tok\n');
      expect(mail.html).toContain('href="https://c.example/reset-password?token=tok"');
      expect(mail.html).not.toMatch(/<img/i);
    }
  });

  it('escapes every value in the HTML part and keeps the text part as written', () => {
    const mail = renderMail('en', {
      subject: 'S <x>',
      greeting: `Hi "<script>" & 'co'`,
      blocks: [{ link: 'https://e.example/?a=1&b="2"', label: '<b>go</b>' }],
    });
    expect(mail.text).toContain(`Hi "<script>" & 'co'`);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
    expect(mail.html).toContain('href="https://e.example/?a=1&amp;b=&quot;2&quot;"');
    expect(mail.html).toContain('<title>S &lt;x&gt;</title>');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
