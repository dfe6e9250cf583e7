import { ValidationFailedError } from '../errors/domain-error';
import { isCursorOf } from './keyset';
import { decodeCursor, encodeCursor, isCursorTime } from './page';

const ID = '6f1c2a4e-0b7d-4c55-9a0e-1d2f3b4c5d6e';
const forge = (value: unknown): string => encodeCursor(value);
const anyArray = (value: unknown): value is unknown[] => Array.isArray(value);
/** The guard of the usual order: `[createdAt, id]`. */
const isTimeIdCursor = isCursorOf({
  keys: [
    { sql: 'x.created_at', kind: 'time' },
    { sql: 'x.id', kind: 'uuid' },
  ],
  direction: 'DESC',
});

describe('cursors', () => {
  describe(isCursorTime.name, () => {
    it.each([
      '2026-11-30T00:56:30.123Z',
      '2026-11-30T00:56:30.123456Z',
      '2026-11-30T00:56:30Z',
      '1970-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '2028-02-29T12:00:00.000Z',
    ])('takes the real instant %s', (time) => {
      expect(isCursorTime(time)).toBe(true);
    });

    it.each([
      '2026-02-31',
      '2026-02-31T00:00:00.000Z',
      '2027-02-29T12:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-11-30T24:00:00.000Z',
      '2026-11-30T23:60:00.000Z',
      '275760-09-14T00:00:00.001Z',
      '+275760-09-13T00:00:00.000Z',
      '1969-12-31T23:59:59.999Z',
      '0001-01-01T00:00:00.000Z',
      '1',
      'Tue Dec 01 2026',
      '2026-11-30T00:56:30.1234567Z',
      '2026-11-30T00:56:30.123+08:00',
      '',
    ])('refuses %j', (time) => {
      expect(isCursorTime(time)).toBe(false);
    });

    it('refuses what is not a string', () => {
      expect(isCursorTime(1_764_464_190_123)).toBe(false);
      expect(isCursorTime(null)).toBe(false);
    });
  });

  describe(decodeCursor.name, () => {
    it('gives back what encodeCursor made', () => {
      const cursor: [number, string, string] = [12, '2026-11-30T00:56:30.123456Z', ID];
      expect(decodeCursor(forge(cursor), anyArray)).toEqual(cursor);
      expect(decodeCursor(forge(['2026-11-30T00:56:30.123Z', ID]), isTimeIdCursor)).toEqual([
        '2026-11-30T00:56:30.123Z',
        ID,
      ]);
    });

    it.each([
      ['an impossible date', ['2026-02-31T00:00:00.000Z', ID]],
      ['a date past year 9999', ['275760-09-14T00:00:00.001Z', ID]],
      ['a date Date.parse rolls over', ['2026-02-31', ID]],
      ['a non-UUID id', ['2026-11-30T00:56:30.123Z', 'not-a-uuid']],
    ])('refuses a time cursor with %s', (_, value) => {
      expect(() => decodeCursor(forge(value), isTimeIdCursor)).toThrow(ValidationFailedError);
    });

    it.each([
      ['a score past int4', [2 ** 31, '2026-11-30T00:56:30.123456Z', ID]],
      ['a huge score', [1e308, '2026-11-30T00:56:30.123456Z', ID]],
      ['an unsafe integer', [Number.MAX_SAFE_INTEGER + 2, '2026-11-30T00:56:30.123456Z', ID]],
      ['a fraction', [1.5, '2026-11-30T00:56:30.123456Z', ID]],
      ['a NUL in text', ['a\u0000b', ID]],
      ['a nested value', [['2026-11-30T00:56:30.123Z'], ID]],
      ['an object', { at: '2026-11-30T00:56:30.123Z', id: ID }],
      ['null', null],
    ])('refuses, whatever its own guard says, %s', (_, value) => {
      expect(() => decodeCursor(forge(value), anyArray)).toThrow(ValidationFailedError);
    });

    it.each(['not base64 at all!', Buffer.from('{').toString('base64url'), ''])(
      'refuses the undecodable %j as VALIDATION_FAILED on cursor',
      (cursor) => {
        expect(() => decodeCursor(cursor, anyArray)).toThrow(
          expect.objectContaining({
            code: 'VALIDATION_FAILED',
            details: [{ field: 'cursor', messages: ['cursor is not valid'] }],
          }) as Error,
        );
      },
    );
  });
});
