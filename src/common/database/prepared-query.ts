import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** `:name` as TypeORM writes a parameter (`:...name` spreads an array: not here). */
const PARAMETER = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

/** Parameter values by name, as a query builder takes them. */
export type QueryParameters = Readonly<Record<string, unknown>>;

/**
 * SQL built once and run many times. A hot read's text is assembled by a query builder on
 * its first use and kept with its named parameters turned into `$1…$n`; every later run
 * only binds values. (Building the text is most of what a query builder costs per request.)
 */
export class PreparedQuery {
  /** The SQL with `$n` placeholders. */
  readonly text: string;
  /** Every parameter it may take. */
  readonly parameterNames: readonly string[];
  /** The parameter name of each `$n`, in order. */
  private readonly names: readonly string[];

  /**
   * `sql` uses `:name` placeholders; `names` lists every parameter it may take. A name
   * the text does not use is fine (a shape without that condition); a spread (`:...name`)
   * is refused, since its number of placeholders would depend on the value.
   */
  constructor(
    /** The SQL as given, with `:name` placeholders (to nest it in a larger statement). */
    readonly sql: string,
    names: Iterable<string>,
  ) {
    const known = new Set(names);
    this.parameterNames = [...known];
    const order: string[] = [];
    this.text = sql.replace(
      PARAMETER,
      (whole: string, spread: string | undefined, name: string) => {
        if (!known.has(name)) return whole;
        if (spread) throw new Error(`A prepared query cannot spread :...${name}`);
        let index = order.indexOf(name);
        if (index < 0) index = order.push(name) - 1;
        return `$${index + 1}`;
      },
    );
    this.names = order;
  }

  /**
   * A query builder's SQL, with the builder's parameters (their values are ignored: each
   * run brings its own). With `limit`, the text ends in `LIMIT :limit`.
   */
  static of(
    qb: SelectQueryBuilder<ObjectLiteral>,
    options: { limit?: boolean } = {},
  ): PreparedQuery {
    const names = Object.keys(qb.getParameters());
    return options.limit
      ? new PreparedQuery(`${qb.getQuery()} LIMIT :limit`, [...names, 'limit'])
      : new PreparedQuery(qb.getQuery(), names);
  }

  /** The values in `$n` order; a parameter the text uses but `parameters` lacks is a bug. */
  values(parameters: QueryParameters): unknown[] {
    return this.names.map((name) => {
      const value = parameters[name];
      if (value === undefined) throw new Error(`Prepared query: no value for :${name}`);
      return value;
    });
  }

  run<Row>(runner: DataSource | EntityManager, parameters: QueryParameters): Promise<Row[]> {
    return runner.query<Row[]>(this.text, this.values(parameters));
  }
}

/**
 * Prepared queries by shape: each is built on the first request of its shape. A shape
 * names everything that changes the SQL text (the caller's kind, which filters are on);
 * values never do.
 */
export class PreparedQueries {
  private readonly built = new Map<string, PreparedQuery>();

  get(shape: string, build: () => PreparedQuery): PreparedQuery {
    let query = this.built.get(shape);
    if (!query) {
      query = build();
      this.built.set(shape, query);
    }
    return query;
  }
}
