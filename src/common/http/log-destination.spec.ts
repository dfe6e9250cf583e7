import { Writable } from 'node:stream';
import { logDestination, logFormat, type PinoPrettyModule } from './log-destination';

/** A stand-in for stdout that keeps what is written, a terminal or not. */
function output(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return Object.assign(stream, { isTTY, text: () => chunks.join('') });
}

const LINE = `${JSON.stringify({ level: 30, time: 0, pid: 1, hostname: 'h', msg: 'Listening' })}\n`;

function notInstalled(): Promise<PinoPrettyModule> {
  return Promise.reject(
    Object.assign(new Error("Cannot find module 'pino-pretty'"), { code: 'MODULE_NOT_FOUND' }),
  );
}

describe(logFormat.name, () => {
  it.each([
    ['development', true, 'pretty'],
    ['development', false, 'json'],
    ['production', true, 'json'],
    ['production', false, 'json'],
    ['test', true, 'json'],
  ] as const)('is %s with a terminal %s: %s', (nodeEnv, isTTY, format) => {
    expect(logFormat(nodeEnv, isTTY)).toBe(format);
  });
});

describe(logDestination.name, () => {
  it('writes readable lines in development on a terminal', async () => {
    const out = output(true);
    const sut = await logDestination('development', out);
    expect(sut).toBeDefined();
    sut?.write(LINE);
    expect(out.text()).toContain('Listening');
    expect(out.text()).not.toContain('"msg"');
    expect(out.text()).toMatch(/INFO/);
  });

  it.each([
    ['development', false],
    ['production', true],
  ] as const)('leaves JSON to pino in %s (terminal: %s)', async (nodeEnv, isTTY) => {
    const importPinoPretty = jest.fn(() => import('pino-pretty'));
    expect(await logDestination(nodeEnv, output(isTTY), importPinoPretty)).toBeUndefined();
    expect(importPinoPretty).not.toHaveBeenCalled();
  });

  it('falls back to JSON when pino-pretty is not installed', async () => {
    expect(await logDestination('development', output(true), notInstalled)).toBeUndefined();
  });

  it('does not hide another failure of pino-pretty', async () => {
    const broken = (): Promise<PinoPrettyModule> => Promise.reject(new Error('broken'));
    await expect(logDestination('development', output(true), broken)).rejects.toThrow('broken');
  });
});
