import { classifySendFailure } from './mail-transport';

/** Errors shaped as nodemailer's SMTP connection makes them. */
const smtpError = (responseCode: number, command: string, code = 'EENVELOPE') =>
  Object.assign(new Error('refused'), {
    responseCode,
    command,
    code,
    response: `${responseCode} answer`,
  });

describe(classifySendFailure.name, () => {
  it('stops the address at a 5xx to RCPT TO', () => {
    expect(classifySendFailure(smtpError(550, 'RCPT TO'))).toEqual({
      retry: false,
      reason: '550 answer',
      code: 550,
      refused: 'recipient',
    });
  });

  it('stops only the mail at a 5xx to the message', () => {
    expect(classifySendFailure(smtpError(554, 'DATA', 'EMESSAGE'))).toMatchObject({
      retry: false,
      refused: 'message',
    });
    expect(classifySendFailure(smtpError(552, 'DATA'))).toMatchObject({ refused: 'message' });
  });

  it.each([
    ['a 4xx to RCPT TO', smtpError(451, 'RCPT TO')],
    ['a 421 greeting', smtpError(421, 'CONN', 'EPROTOCOL')],
    ['a 5xx to MAIL FROM (the operator’s sender)', smtpError(550, 'MAIL FROM')],
    ['a 5xx to the login', smtpError(535, 'AUTH PLAIN', 'EAUTH')],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })],
    ['something thrown that is not an error', 'boom'],
  ])('retries %s', (_, error) => {
    expect(classifySendFailure(error)).toMatchObject({ retry: true });
  });
});
