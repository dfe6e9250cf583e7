import { ValidationFailedError, type FieldProblem } from '../errors/domain-error';
import type { Language } from '../i18n/language';
import {
  assertSafeInput,
  checkInput,
  MAX_INPUT_DEPTH,
  normalizeLineEnds,
  textProblem,
} from './safe-input';

/** `depth` arrays, one inside the other, around `inner`. */
function nested(depth: number, inner: unknown = 'bottom'): unknown {
  let value: unknown = inner;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

/** The problems as answered to a caller reading `language`. */
const answered = (problems: FieldProblem[], language: Language = 'en') =>
  problems.map(({ field, messages }) => ({
    field,
    messages: messages.map((message) => message[language]),
  }));

describe('safe input', () => {
  describe(textProblem.name, () => {
    it.each([
      'plain',
      '老高电商圈 🧧',
      'tab\there',
      'line\nbreak',
      '   ',
      '',
      'a\u200Bb',
      'right-to-left mark \u200F is not an override',
      '👨‍👩‍👧 family (zero-width joiners inside)',
      'مرحبا',
    ])('takes %j', (text) => {
      expect(textProblem(text)).toBeNull();
    });

    it.each([
      ['NUL', 'a\u0000b', 'control'],
      ['a lone CR', 'a\rb', 'control'],
      ['ESC', '\u001b[31mred', 'control'],
      ['vertical tab', 'a\u000Bb', 'control'],
      ['U+001F', '\u001F', 'control'],
      ['LRE', 'a\u202Ab', 'bidi'],
      ['RLO', 'evil\u202Etxt.exe', 'bidi'],
      ['LRI', 'a\u2066b', 'bidi'],
      ['PDI', 'a\u2069b', 'bidi'],
      ['zero-width spaces only', '\u200B\u200B', 'invisible'],
      ['ZWNJ and ZWJ only', '\u200C\u200D', 'invisible'],
      ['word joiner', '\u2060', 'invisible'],
      ['BOM', '\uFEFF', 'invisible'],
      ['soft hyphen and spaces', ' \u00AD ', 'invisible'],
      ['Hangul filler', '\u3164', 'invisible'],
      ['blank braille', '\u2800\u2800', 'invisible'],
    ])('refuses %s as %s', (_, text, problem) => {
      expect(textProblem(text)).toBe(problem);
    });

    it('lets a password hold any printable character, but no control character', () => {
      const secret = { secret: true };
      expect(
        textProblem('\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B', secret),
      ).toBeNull();
      expect(textProblem('pass\u202Eword-long', secret)).toBeNull();
      expect(textProblem('   spaces only   ', secret)).toBeNull();
      expect(textProblem('with\u0000nul-inside', secret)).toBe('control');
    });
  });

  it('turns CR LF into LF and leaves lone LF and other text alone', () => {
    expect(normalizeLineEnds('a\r\nb\r\n')).toBe('a\nb\n');
    expect(normalizeLineEnds('a\nb')).toBe('a\nb');
  });

  describe(checkInput.name, () => {
    it('passes ordinary input through unchanged', () => {
      const body = { title: 't', tags: ['a', 'b'], count: 3, flag: true, none: null };
      expect(checkInput(body, 'body')).toEqual({ value: body, problems: [] });
    });

    it('names each refused field by its path', () => {
      const { problems } = checkInput(
        { title: 'a\u0000', nested: { list: ['ok', '\u202E'] }, name: '\u200B' },
        'body',
      );
      expect(answered(problems)).toEqual([
        { field: 'title', messages: [expect.stringContaining('control characters')] },
        { field: 'nested.list.1', messages: [expect.stringContaining('bidirectional')] },
        { field: 'name', messages: [expect.stringContaining('invisible')] },
      ]);
    });

    it('says each problem in Chinese too, without naming the field', () => {
      const { problems } = checkInput({ title: 'a\u0000', n: Infinity }, 'body');
      expect(answered(problems, 'zh')).toEqual([
        { field: 'title', messages: ['不能包含控制字符（制表符和换行除外）'] },
        { field: 'n', messages: ['须为 ±2^53 以内的有限数'] },
      ]);
    });

    it('names the value itself by its root when it is not an object', () => {
      expect(answered(checkInput('a\u0000', 'id').problems)).toEqual([
        { field: 'id', messages: [expect.stringContaining('control')] },
      ]);
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'refuses the key %s like an unknown property, at any depth',
      (key) => {
        const top = JSON.parse(`{"${key}": {"role": "admin"}, "bio": "x"}`) as unknown;
        expect(answered(checkInput(top, 'body').problems)).toEqual([
          { field: key, messages: [`property ${key} should not exist`] },
        ]);
        const deep = JSON.parse(`{"a": [{"${key}": 1}]}`) as unknown;
        expect(answered(checkInput(deep, 'body').problems)).toEqual([
          { field: `a.0.${key}`, messages: [`property ${key} should not exist`] },
        ]);
      },
    );

    it('refuses the same keys in a prototype-less object (a parsed query string)', () => {
      const query = Object.assign(Object.create(null) as object, { constructor: 'x' });
      expect(checkInput(query, 'query').problems).toHaveLength(1);
    });

    it.each([
      ['Infinity (JSON 1e400)', Infinity],
      ['-Infinity', -Infinity],
      ['NaN', NaN],
      ['1e308', 1e308],
      ['2^53 + 2', 2 ** 53 + 2],
    ])('refuses the number %s', (_, number) => {
      expect(answered(checkInput({ n: number }, 'body').problems)).toEqual([
        { field: 'n', messages: ['n must be a finite number within ±2^53'] },
      ]);
    });

    it('leaves numbers within ±2^53 to each field’s own bounds', () => {
      expect(checkInput({ a: 2 ** 31, b: -(2 ** 53 - 1), c: 0.5 }, 'body').problems).toEqual([]);
    });

    it(`takes ${MAX_INPUT_DEPTH} levels of nesting and refuses one more, naming the top field`, () => {
      expect(checkInput({ deep: nested(MAX_INPUT_DEPTH - 1) }, 'body').problems).toEqual([]);
      expect(answered(checkInput({ deep: nested(MAX_INPUT_DEPTH) }, 'body').problems)).toEqual([
        {
          field: 'deep',
          messages: [`deep must not be nested more than ${MAX_INPUT_DEPTH} levels deep`],
        },
      ]);
    });

    it('walks 100,000 nested arrays without overflowing the stack', () => {
      expect(answered(checkInput(nested(100_000), 'body').problems)).toEqual([
        { field: 'body', messages: [expect.stringContaining('nested')] },
      ]);
    });

    it('reports at most 20 problems for a value full of bad strings', () => {
      const body = Array.from({ length: 1000 }, () => '\u0000');
      expect(checkInput(body, 'body').problems).toHaveLength(20);
    });

    it('normalizes CR LF at any depth, but never inside a password', () => {
      const body = {
        body: 'one\r\ntwo',
        list: ['a\r\nb'],
        password: 'secret\r\nline',
        newPassword: 'kept as is',
      };
      const { value, problems } = checkInput(body, 'body');
      expect(value).toEqual({
        body: 'one\ntwo',
        list: ['a\nb'],
        password: 'secret\r\nline',
        newPassword: 'kept as is',
      });
      // The CR left in the password is a control character all the same.
      expect(answered(problems)).toEqual([
        { field: 'password', messages: [expect.stringContaining('control')] },
      ]);
    });

    it('does not walk into objects that are not plain (a Buffer from a socket)', () => {
      expect(checkInput({ data: Buffer.from([0, 1, 2]) }, 'payload').problems).toEqual([]);
    });
  });

  describe(assertSafeInput.name, () => {
    it('returns the normalized value', () => {
      expect(assertSafeInput({ body: 'a\r\nb' }, 'body')).toEqual({ body: 'a\nb' });
      expect(assertSafeInput('a\r\nb', 'q')).toBe('a\nb');
    });

    it('throws 400 VALIDATION_FAILED with the problems as details', () => {
      expect(() => assertSafeInput({ displayName: '\u202Eadmin' }, 'body')).toThrow(
        expect.objectContaining({
          status: 400,
          code: 'VALIDATION_FAILED',
          details: [{ field: 'displayName', messages: [expect.stringContaining('bidirectional')] }],
        }) as ValidationFailedError,
      );
    });
  });
});
