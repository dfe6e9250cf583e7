import { ValidationFailedError, type FieldProblem } from '../errors/domain-error';
import type { Localized } from '../i18n/language';

/**
 * The one input-safety check every request body, query, route parameter and socket
 * payload passes before class-transformer sees it (the API contract "Accounts and authentication").
 * It refuses what no field may hold, whatever its DTO says:
 * - values nested more than `MAX_INPUT_DEPTH` levels (class-transformer recurses);
 * - the keys `__proto__`, `constructor` and `prototype`, like any unknown property;
 * - numbers that are not finite or beyond ±2^53 (JSON `1e400` is `Infinity`);
 * - in strings: NUL and the other C0 controls except tab and newline, the bidi overrides
 *   U+202A–U+202E and U+2066–U+2069, and values made only of invisible characters.
 * CR LF line ends become LF. Password fields (`password`, `newPassword`, ...) may hold any
 * printable character, so only the control characters are refused there, and nothing in
 * them is rewritten.
 */

export const MAX_INPUT_DEPTH = 32;

/** A value with many bad strings gets this many details, not one per string. */
const MAX_REPORTED_PROBLEMS = 20;

const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A field whose value is a secret the member chose: never rewritten, nor judged by looks. */
const SECRET_FIELD = /password$/i;

/**
 * Whitespace, default-ignorable code points (zero-width spaces and joiners U+200B–U+200D,
 * U+2060, U+FEFF, soft hyphen, variation selectors, Hangul fillers...) and the blank
 * braille pattern U+2800, which renders as nothing too.
 */
const INVISIBLE_ONLY = /^[\s\p{Default_Ignorable_Code_Point}\u2800]+$/u;
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u2800]/u;

export type TextProblem = 'control' | 'bidi' | 'invisible';

const TEXT_MESSAGES: Record<TextProblem, (field: string) => Localized> = {
  control: (field) => ({
    en: `${field} must not contain control characters other than tab and newline`,
    zh: '不能包含控制字符（制表符和换行除外）',
  }),
  bidi: (field) => ({
    en: `${field} must not contain bidirectional override characters`,
    zh: '不能包含双向文本控制字符',
  }),
  invisible: (field) => ({
    en: `${field} must not consist only of invisible characters`,
    zh: '不能只由不可见字符组成',
  }),
};

const isControl = (code: number): boolean => code < 0x20 && code !== 0x09 && code !== 0x0a;
const isBidiOverride = (code: number): boolean =>
  (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);

/**
 * What is wrong with a text value, or `null`. A `secret` (a password) is only refused
 * control characters. CR LF must already be LF: a CR left is a control character.
 */
export function textProblem(text: string, { secret = false } = {}): TextProblem | null {
  let bidi = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControl(code)) return 'control';
    if (isBidiOverride(code)) bidi = true;
  }
  if (secret) return null;
  if (bidi) return 'bidi';
  // Whitespace alone is left to each field's own rules (most trim, then need a length).
  if (INVISIBLE_ONLY.test(text) && INVISIBLE.test(text)) return 'invisible';
  return null;
}

/** Text with CR LF line ends turned into LF (the API contract "Limits": stored as LF). */
export const normalizeLineEnds = (text: string): string =>
  text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;

type Container = Record<string, unknown>;

/** Arrays and plain (or prototype-less) objects: what JSON, query strings and Socket.IO give. */
function asContainer(value: unknown): Container | null {
  if (typeof value !== 'object' || value === null) return null;
  if (Array.isArray(value)) return value as unknown as Container;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? (value as Container) : null;
}

interface Slot {
  holder: Container;
  key: string;
  path: string[];
  depth: number;
}

export interface InputCheck {
  /** The value with its line ends normalized (containers are rewritten in place). */
  value: unknown;
  /** One entry per refused field, as `ValidationFailedError` takes them. */
  problems: FieldProblem[];
}

/**
 * Walks `value` iteratively (a deep value cannot overflow the stack here) and reports
 * every refused field by its path, `root` naming the value itself (`body`, `id`, ...).
 */
export function checkInput(value: unknown, root: string): InputCheck {
  const box: Container = { [root]: value };
  const problems: FieldProblem[] = [];
  const stack: Slot[] = [{ holder: box, key: root, path: [], depth: 0 }];
  const fieldOf = (path: string[]) => (path.length > 0 ? path.join('.') : root);

  while (stack.length > 0 && problems.length < MAX_REPORTED_PROBLEMS) {
    const { holder, key, path, depth } = stack.pop() as Slot;
    const item = holder[key];
    const field = fieldOf(path);

    if (typeof item === 'string') {
      const secret = SECRET_FIELD.test(key);
      const text = secret ? item : normalizeLineEnds(item);
      const problem = textProblem(text, { secret });
      if (problem) problems.push({ field, messages: [TEXT_MESSAGES[problem](field)] });
      else if (text !== item) holder[key] = text;
      continue;
    }
    if (typeof item === 'number') {
      if (!Number.isFinite(item) || Math.abs(item) > Number.MAX_SAFE_INTEGER) {
        problems.push({
          field,
          messages: [
            { en: `${field} must be a finite number within ±2^53`, zh: '须为 ±2^53 以内的有限数' },
          ],
        });
      }
      continue;
    }
    const container = asContainer(item);
    if (!container) continue;
    if (depth >= MAX_INPUT_DEPTH) {
      // The top-level property of an object, or the value itself (a bare array).
      const top = path.length > 0 && !Array.isArray(value) ? path[0] : root;
      problems.push({
        field: top,
        messages: [
          {
            en: `${top} must not be nested more than ${MAX_INPUT_DEPTH} levels deep`,
            zh: `嵌套不能超过 ${MAX_INPUT_DEPTH} 层`,
          },
        ],
      });
      break;
    }
    // Pushed in reverse, so problems come out in the order of the fields.
    const keys = Object.keys(container);
    for (let i = keys.length - 1; i >= 0; i--) {
      const childKey = keys[i];
      const childPath = [...path, childKey];
      if (FORBIDDEN_KEYS.has(childKey)) {
        problems.push({
          field: childPath.join('.'),
          messages: [{ en: `property ${childKey} should not exist`, zh: '不是可接受的字段' }],
        });
        continue;
      }
      stack.push({ holder: container, key: childKey, path: childPath, depth: depth + 1 });
    }
  }
  return { value: box[root], problems: problems.slice(0, MAX_REPORTED_PROBLEMS) };
}

/** `checkInput`, throwing `400 VALIDATION_FAILED` with the problems as details. */
export function assertSafeInput<T>(value: T, root: string): T {
  const { value: safe, problems } = checkInput(value, root);
  if (problems.length > 0) throw new ValidationFailedError(problems);
  return safe as T;
}
