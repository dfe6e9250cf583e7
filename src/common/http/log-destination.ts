import type { DestinationStream } from 'pino';
import type { prettyFactory } from 'pino-pretty';
import type { AppConfig } from '../../config/env.schema';

/** How log lines are written: readable lines for a developer at a terminal, else JSON. */
export type LogFormat = 'pretty' | 'json';

/** `pretty` only in development with a terminal on stdout: production and pipes get JSON. */
export function logFormat(nodeEnv: AppConfig['NODE_ENV'], isTTY: boolean): LogFormat {
  return nodeEnv === 'development' && isTTY ? 'pretty' : 'json';
}

/** What the server uses of pino-pretty. */
export interface PinoPrettyModule {
  prettyFactory: typeof prettyFactory;
}

const NOT_INSTALLED = new Set(['MODULE_NOT_FOUND', 'ERR_MODULE_NOT_FOUND']);

/**
 * Where pino writes. `undefined` is pino's own destination: JSON lines on stdout. Pretty
 * lines are written synchronously, so they keep their order with the start banner.
 * pino-pretty is loaded only when wanted: it is a development dependency, so an install
 * without them (`npm ci --omit=dev`) has none, and the logs stay JSON.
 */
export async function logDestination(
  nodeEnv: AppConfig['NODE_ENV'],
  out: NodeJS.WritableStream & { isTTY?: boolean },
  importPinoPretty: () => Promise<PinoPrettyModule> = () => import('pino-pretty'),
): Promise<DestinationStream | undefined> {
  if (logFormat(nodeEnv, out.isTTY === true) === 'json') return undefined;
  let pinoPretty: PinoPrettyModule;
  try {
    pinoPretty = await importPinoPretty();
  } catch (error) {
    if (NOT_INSTALLED.has((error as { code?: unknown }).code as string)) return undefined;
    throw error;
  }
  const prettify = pinoPretty.prettyFactory({
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return { write: (line: string) => void out.write(prettify(line)) };
}
