import { ConfigurationError, validateEnvironment } from './env.schema';

function problems(env: Record<string, string>): string[] {
  try {
    validateEnvironment(env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error.problems;
    throw error;
  }
  return [];
}

describe('Mail settings', () => {
  it('defaults to no mail server and optional verification', () => {
    const config = validateEnvironment({});
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.MAIL_FROM).toBeUndefined();
    expect(config.EMAIL_VERIFICATION).toBe('optional');
  });

  it('requires verification by default with SMTP_URL, unless told otherwise', () => {
    const env = { SMTP_URL: 'smtp://u:p@mail.example.com:587', MAIL_FROM: 'no-reply@example.com' };
    expect(validateEnvironment(env).EMAIL_VERIFICATION).toBe('required');
    expect(validateEnvironment({ ...env, EMAIL_VERIFICATION: 'optional' }).EMAIL_VERIFICATION).toBe(
      'optional',
    );
    expect(validateEnvironment({ EMAIL_VERIFICATION: 'required' }).EMAIL_VERIFICATION).toBe(
      'required',
    );
  });

  it('accepts smtps:// and a named sender', () => {
    const config = validateEnvironment({
      SMTP_URL: 'smtps://mail.example.com:465',
      MAIL_FROM: '老高电商圈 <no-reply@circle.example.com>',
    });
    expect(config.MAIL_FROM).toBe('老高电商圈 <no-reply@circle.example.com>');
  });

  it('refuses a URL that is not SMTP, without printing it (it holds a password)', () => {
    const found = problems({
      SMTP_URL: 'http://user:secret@mail.example.com',
      MAIL_FROM: 'no-reply@example.com',
    });
    expect(found).toEqual([expect.stringContaining('SMTP_URL must be an smtp://')]);
    expect(found.join()).not.toContain('secret');
  });

  it('needs MAIL_FROM with SMTP_URL, and a real address in it', () => {
    expect(problems({ SMTP_URL: 'smtp://mail.example.com' })).toEqual([
      expect.stringContaining('MAIL_FROM must be set with SMTP_URL'),
    ]);
    expect(problems({ MAIL_FROM: 'Laogao <nobody>' })).toEqual([
      expect.stringContaining('MAIL_FROM must be an address'),
    ]);
  });

  it('refuses an unknown EMAIL_VERIFICATION', () => {
    expect(problems({ EMAIL_VERIFICATION: 'sometimes' })).toEqual([
      expect.stringContaining('EMAIL_VERIFICATION'),
    ]);
  });
});
