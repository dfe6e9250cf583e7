import { PreparedQueries, PreparedQuery } from './prepared-query';

describe(PreparedQuery.name, () => {
  it('numbers the named parameters once each, in order of first use', () => {
    const sut = new PreparedQuery(
      'SELECT * FROM t WHERE a = :first AND b = ANY(:levels) AND c = :first LIMIT :limit',
      ['limit', 'levels', 'first'],
    );
    expect(sut.text).toBe('SELECT * FROM t WHERE a = $1 AND b = ANY($2) AND c = $1 LIMIT $3');
    expect(sut.values({ first: 'x', levels: ['public'], limit: 21 })).toEqual([
      'x',
      ['public'],
      21,
    ]);
  });

  it('leaves alone what is not a parameter: casts, time formats, unknown names', () => {
    const sql = `SELECT x::int, to_char(t, 'HH24:MI:SS'), :other FROM t WHERE id = :id`;
    const sut = new PreparedQuery(sql, ['id', 'unused']);
    expect(sut.text).toBe(`SELECT x::int, to_char(t, 'HH24:MI:SS'), :other FROM t WHERE id = $1`);
    expect(sut.sql).toBe(sql);
    expect(sut.parameterNames).toEqual(['id', 'unused']);
  });

  it('binds null but refuses a missing value', () => {
    const sut = new PreparedQuery('SELECT :viewerId', ['viewerId']);
    expect(sut.values({ viewerId: null })).toEqual([null]);
    expect(() => sut.values({})).toThrow(':viewerId');
  });

  it('refuses a spread, whose number of placeholders would depend on the value', () => {
    expect(() => new PreparedQuery('SELECT 1 WHERE a IN (:...levels)', ['levels'])).toThrow(
      ':...levels',
    );
  });
});

describe(PreparedQueries.name, () => {
  it('builds each shape once', () => {
    const sut = new PreparedQueries();
    const build = jest.fn(() => new PreparedQuery('SELECT 1', []));
    const first = sut.get('visitor', build);
    expect(sut.get('visitor', build)).toBe(first);
    sut.get('member', build);
    expect(build).toHaveBeenCalledTimes(2);
  });
});
