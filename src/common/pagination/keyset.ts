import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, isCursorId, isCursorTime, isInt32, toPage, type Page } from './page';

/** What a sort key holds, which decides how its cursor part is checked and cast. */
export type KeyKind = 'time' | 'uuid' | 'text' | 'int';

/** One column (or expression) of a list's order: `{ sql: 'p.created_at', kind: 'time' }`. */
export interface SortKey {
  sql: string;
  kind: KeyKind;
}

/** A list's order: its keys, the last one unique (an id), all in one direction. */
export interface KeysetOrder {
  keys: readonly SortKey[];
  direction: 'ASC' | 'DESC';
}

/** `?limit=&cursor=` as the list DTOs carry them. */
export interface PageRequest {
  limit: number;
  cursor?: string;
}

const KINDS: Record<KeyKind, { cast: string; isValid: (part: unknown) => boolean }> = {
  time: { cast: 'timestamptz', isValid: isCursorTime },
  uuid: { cast: 'uuid', isValid: isCursorId },
  text: { cast: 'text', isValid: (part) => typeof part === 'string' },
  int: { cast: 'integer', isValid: isInt32 },
};

/**
 * A key as the cursor carries it, selected by the same statement: a time with its
 * microseconds (a JS `Date` keeps milliseconds, and a cursor cut to them repeats or skips
 * rows), everything else as text or an integer.
 */
function cursorExpression(key: SortKey): string {
  switch (key.kind) {
    case 'time':
      return `to_char((${key.sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    case 'int':
      // As sorted, so PostgreSQL computes the expression once for both (a search score).
      return key.sql;
    case 'uuid':
    case 'text':
      return `CAST(${key.sql} AS text)`;
  }
}

/** The keys of a row as selected for its cursor. */
type KeysetColumns = { [alias: `keyset_${number}`]: unknown };

const keyAlias = (index: number): `keyset_${number}` => `keyset_${index}`;

/** Whether a decoded cursor has one valid part per key of the order. */
export function isCursorOf(order: KeysetOrder): (value: unknown) => value is unknown[] {
  return (value): value is unknown[] =>
    Array.isArray(value) &&
    value.length === order.keys.length &&
    order.keys.every((key, index) => KINDS[key.kind].isValid(value[index]));
}

/**
 * Orders and limits the query for one page and, with a cursor, keeps the rows after it:
 * `(k1, k2) > (c1, c2)` for an ascending order, `<` for a descending one. The cursor is
 * checked part by part against the keys (a forged one is `400` on `cursor`, never a
 * database error). Each key is also selected as `keyset_<i>` for the next cursor.
 */
function applyKeyset<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  order: KeysetOrder,
  page: PageRequest,
): void {
  order.keys.forEach((key, index) => {
    qb.addSelect(cursorExpression(key), keyAlias(index));
    if (index === 0) qb.orderBy(key.sql, order.direction);
    else qb.addOrderBy(key.sql, order.direction);
  });
  qb.limit(page.limit + 1);
  if (!page.cursor) return;
  const parts = decodeCursor(page.cursor, isCursorOf(order));
  const columns = order.keys.map((key) => key.sql).join(', ');
  const values = order.keys
    .map((key, index) => `CAST(:${keyAlias(index)} AS ${KINDS[key.kind].cast})`)
    .join(', ');
  const parameters = Object.fromEntries(parts.map((part, index) => [keyAlias(index), part]));
  qb.andWhere(`(${columns}) ${order.direction === 'ASC' ? '>' : '<'} (${values})`, parameters);
}

const cursorOf =
  (count: number) =>
  (raw: KeysetColumns): unknown[] =>
    Array.from({ length: count }, (_, index) => raw[keyAlias(index)]);

/** One page of a query that reads raw rows (`getRawMany`). */
export async function keysetRawPage<Row extends object, Item>(
  qb: SelectQueryBuilder<ObjectLiteral>,
  order: KeysetOrder,
  page: PageRequest,
  toItem: (row: Row) => Item,
): Promise<Page<Item>> {
  applyKeyset(qb, order, page);
  const rows = await qb.getRawMany<Row & KeysetColumns>();
  return toPage(rows, page.limit, toItem, cursorOf(order.keys.length));
}

/**
 * One page of a query that reads entities. The raw row beside each entity gives its
 * cursor; the query must not join to-many relations (one raw row per entity).
 */
export async function keysetEntityPage<E extends ObjectLiteral, Item>(
  qb: SelectQueryBuilder<E>,
  order: KeysetOrder,
  page: PageRequest,
  toItem: (entity: E) => Item,
): Promise<Page<Item>> {
  applyKeyset(qb, order, page);
  const { entities, raw } = await qb.getRawAndEntities<KeysetColumns>();
  const rows = entities.map((entity, index) => ({ entity, raw: raw[index] }));
  return toPage(
    rows,
    page.limit,
    (row) => toItem(row.entity),
    (row) => cursorOf(order.keys.length)(row.raw),
  );
}
