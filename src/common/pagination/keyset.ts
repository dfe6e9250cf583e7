import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { PreparedQueries, PreparedQuery, type QueryParameters } from '../database/prepared-query';
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

/** Orders the query by the keys, each also selected as `keyset_<i>` for the next cursor. */
function applyOrder<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, order: KeysetOrder): void {
  order.keys.forEach((key, index) => {
    qb.addSelect(cursorExpression(key), keyAlias(index));
    if (index === 0) qb.orderBy(key.sql, order.direction);
    else qb.addOrderBy(key.sql, order.direction);
  });
}

/**
 * Keeps the rows after a cursor: `(k1, k2) > (c1, c2)` for an ascending order, `<` for a
 * descending one, the cursor's parts as the parameters `keyset_<i>` (`parts` gives their
 * values; without it they are bound later, by a prepared query).
 */
function applyAfter<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  order: KeysetOrder,
  parts?: readonly unknown[],
): void {
  const columns = order.keys.map((key) => key.sql).join(', ');
  const values = order.keys
    .map((key, index) => `CAST(:${keyAlias(index)} AS ${KINDS[key.kind].cast})`)
    .join(', ');
  qb.andWhere(
    `(${columns}) ${order.direction === 'ASC' ? '>' : '<'} (${values})`,
    cursorParameters(order, parts ?? order.keys.map(() => null)),
  );
}

/** The cursor's parts as the parameters `keyset_<i>`. */
function cursorParameters(order: KeysetOrder, parts: readonly unknown[]): Record<string, unknown> {
  return Object.fromEntries(order.keys.map((_, index) => [keyAlias(index), parts[index]]));
}

/**
 * Orders and limits the query for one page and, with a cursor, keeps the rows after it.
 * The cursor is checked part by part against the keys (a forged one is `400` on `cursor`,
 * never a database error).
 */
function applyKeyset<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  order: KeysetOrder,
  page: PageRequest,
): void {
  applyOrder(qb, order);
  qb.limit(page.limit + 1);
  if (page.cursor) applyAfter(qb, order, decodeCursor(page.cursor, isCursorOf(order)));
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

/**
 * A list whose SQL is built once per shape (see `PreparedQueries`): the first page and the
 * pages after a cursor are two statements, the limit and the cursor's parts parameters.
 */
export class KeysetQueries {
  private readonly queries = new PreparedQueries();

  constructor(private readonly order: KeysetOrder) {}

  /**
   * One page. `build` makes the list's query without order or limit (called on the first
   * page of its `shape` only); `parameters` are this request's values for it.
   */
  async page<Row extends object, Item>(
    runner: DataSource | EntityManager,
    shape: string,
    build: () => SelectQueryBuilder<ObjectLiteral>,
    parameters: QueryParameters,
    page: PageRequest,
    toItem: (row: Row) => Item,
  ): Promise<Page<Item>> {
    const query = this.query(shape, build, page);
    const rows = await query.run<Row & KeysetColumns>(runner, this.bind(parameters, page));
    return toPage(rows, page.limit, toItem, cursorOf(this.order.keys.length));
  }

  /**
   * One page of a list read together with the row it belongs to (a post's comments): the
   * list runs inside `SELECT … FROM (<parent>) LEFT JOIN (<list>) ON TRUE`, so one
   * statement checks the parent and reads the page. `null` when `parent` selects no row.
   */
  async pageUnder<Row extends object, Item>(
    runner: DataSource | EntityManager,
    shape: string,
    parent: () => SelectQueryBuilder<ObjectLiteral>,
    build: () => SelectQueryBuilder<ObjectLiteral>,
    parameters: QueryParameters,
    page: PageRequest,
    toItem: (row: Row) => Item,
  ): Promise<Page<Item> | null> {
    const query = this.queries.get(`${shape}|under|${page.cursor ? 'after' : 'first'}`, () => {
      const owner = parent();
      const list = this.query(shape, build, page);
      const sortBy = this.order.keys
        .map((_, index) => `"list"."${keyAlias(index)}" ${this.order.direction}`)
        .join(', ');
      // Both parts in their named form, numbered together.
      return new PreparedQuery(
        `SELECT "list".* FROM (${owner.getQuery()}) "owner"
           LEFT JOIN (${list.sql}) "list" ON TRUE
          ORDER BY ${sortBy}`,
        [...Object.keys(owner.getParameters()), ...list.parameterNames],
      );
    });
    const rows = await query.run<Row & KeysetColumns>(runner, this.bind(parameters, page));
    if (rows.length === 0) return null;
    // The parent is there but the list is empty: one row of nulls.
    const listed = rows.filter((row) => row[keyAlias(0)] !== null);
    return toPage(listed, page.limit, toItem, cursorOf(this.order.keys.length));
  }

  /**
   * One page picked by a lean query, then read in full. `pick` selects the candidates (their
   * `id` and what the sort keys need) and gets the order, cursor and limit; only the page's
   * rows then go through `details`, which selects `id` with everything an item shows. The
   * costly columns and joins are computed for one page, not for every candidate.
   */
  async pickedPage<Row extends object, Item>(
    runner: DataSource | EntityManager,
    shape: string,
    pick: () => SelectQueryBuilder<ObjectLiteral>,
    details: () => SelectQueryBuilder<ObjectLiteral>,
    parameters: QueryParameters,
    page: PageRequest,
    toItem: (row: Row) => Item,
  ): Promise<Page<Item>> {
    const query = this.queries.get(`${shape}|picked|${page.cursor ? 'after' : 'first'}`, () => {
      const picked = this.query(`${shape}|pick`, pick, page);
      const full = details();
      const keys = this.order.keys.map((_, index) => `"page"."${keyAlias(index)}"`);
      return new PreparedQuery(
        `SELECT "full".*, ${keys.map((key, index) => `${key} AS "${keyAlias(index)}"`).join(', ')}
           FROM (${picked.sql}) "page"
           INNER JOIN (${full.getQuery()}) "full" ON "full"."id" = "page"."id"
          ORDER BY ${keys.map((key) => `${key} ${this.order.direction}`).join(', ')}`,
        [...picked.parameterNames, ...Object.keys(full.getParameters())],
      );
    });
    const rows = await query.run<Row & KeysetColumns>(runner, this.bind(parameters, page));
    return toPage(rows, page.limit, toItem, cursorOf(this.order.keys.length));
  }

  private query(
    shape: string,
    build: () => SelectQueryBuilder<ObjectLiteral>,
    page: PageRequest,
  ): PreparedQuery {
    return this.queries.get(`${shape}|${page.cursor ? 'after' : 'first'}`, () => {
      const qb = build();
      applyOrder(qb, this.order);
      if (page.cursor) applyAfter(qb, this.order);
      return PreparedQuery.of(qb, { limit: true });
    });
  }

  /** The request's values, the cursor's parts (checked first: `400`) and the limit. */
  private bind(parameters: QueryParameters, page: PageRequest): QueryParameters {
    const after = page.cursor
      ? cursorParameters(this.order, decodeCursor(page.cursor, isCursorOf(this.order)))
      : {};
    return { ...parameters, ...after, limit: page.limit + 1 };
  }
}
