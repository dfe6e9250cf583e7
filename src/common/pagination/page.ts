import { ValidationFailedError } from '../errors/domain-error';

/** The shape of every list answer. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are opaque to clients: base64url of a small JSON value (the last item's sort key). */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** An integer PostgreSQL's `int4` holds: every number a cursor carries (scores, seqs) is one. */
export const isInt32 = (value: unknown): value is number =>
  Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX;

/**
 * A part any cursor may carry, before its own guard looks: text PostgreSQL can hold (no
 * NUL) or an `int4`. A forged cursor never reaches the database with an impossible value.
 */
const isCursorPart = (part: unknown): boolean =>
  typeof part === 'string' ? !part.includes('\u0000') : isInt32(part);

/**
 * Decodes a cursor and checks its shape; a bad one is `400 VALIDATION_FAILED` on `cursor`.
 * Every cursor is a flat array of text and integers (`encodeCursor` of a sort key).
 */
export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!Array.isArray(value) || !value.every(isCursorPart) || !isValid(value)) {
    throw new ValidationFailedError([
      {
        field: 'cursor',
        messages: [{ en: 'cursor is not valid', zh: '无效（请从第一页重新开始）' }],
      },
    ]);
  }
  return value;
}

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only says there is more.
 */
export function toPage<Row, Item>(
  rows: Row[],
  limit: number,
  toItem: (row: Row) => Item,
  cursorOf: (row: Row) => unknown,
): Page<Item> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return {
    items: shown.map(toItem),
    nextCursor: more ? encodeCursor(cursorOf(shown[shown.length - 1])) : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isCursorId = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

/** `2026-11-30T00:56:30.123Z`, or with microseconds (PostgreSQL's precision). */
const CURSOR_TIME = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z$/;

/**
 * A UTC instant in ISO form that exists and that PostgreSQL holds: the years 1970–9999,
 * and a round trip through `Date` gives the same date and time back (no 31 February,
 * no hour 24). `Date.parse` alone accepts `"1"` and rolls 2026-02-31 over to March.
 */
export function isCursorTime(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = CURSOR_TIME.exec(value);
  if (!match || Number(match[1]) < 1970) return false;
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 19) === value.slice(0, 19);
}
