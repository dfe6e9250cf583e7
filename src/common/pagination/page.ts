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

/** Decodes a cursor and checks its shape; a bad one is `400 VALIDATION_FAILED` on `cursor`. */
export function decodeCursor<T>(cursor: string, isValid: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (!isValid(value)) {
    throw new ValidationFailedError([{ field: 'cursor', messages: ['cursor is not valid'] }]);
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

/** The usual cursor: the last item's `[createdAt ISO string, id]`. */
export type TimeIdCursor = [string, string];

export function isTimeIdCursor(value: unknown): value is TimeIdCursor {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'string' &&
    !Number.isNaN(Date.parse(value[0])) &&
    typeof value[1] === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value[1])
  );
}
