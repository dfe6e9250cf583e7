import { getMetadataStorage, type ValidationError } from 'class-validator';
import type { Localized } from '../i18n/language';

/**
 * The Chinese for a class-validator constraint, from its name and its arguments (the
 * `constraints` of the decorator: `Length(1, 50)` → `[1, 50]`). English keeps
 * class-validator's own message, custom ones included; Chinese is written here, to follow
 * the field's label in a form, so it does not name the field.
 *
 * A decorator whose English message explains more than its rule (a pattern, a date) gives
 * its Chinese in `context: { zh }` (see `zhContext`).
 */
const ZH: Record<string, (args: readonly unknown[]) => string> = {
  isString: () => '须为文本',
  isInt: () => '须为整数',
  isNumber: () => '须为数字',
  isBoolean: () => '须为 true 或 false',
  isDate: () => '须为 ISO-8601 格式的日期时间',
  isEmail: () => '须为有效的邮箱地址',
  isUuid: () => '须为有效的 UUID',
  isArray: () => '须为列表',
  isObject: () => '须为对象',
  isNotEmpty: () => '不能为空',
  isDefined: () => '必须填写',
  isLength: ([min, max]) => lengthZh(Number(min ?? 0), max === undefined ? undefined : Number(max)),
  minLength: ([min]) => `至少 ${String(min)} 个字符`,
  maxLength: ([max]) => `不能超过 ${String(max)} 个字符`,
  min: ([min]) => `不能小于 ${String(min)}`,
  max: ([max]) => `不能大于 ${String(max)}`,
  isIn: ([values]) =>
    Array.isArray(values) ? `须为以下之一：${values.map(String).join('、')}` : '不是可选的值',
  equals: ([value]) => `须为 ${JSON.stringify(value)}`,
  arrayMinSize: ([min]) => `至少 ${String(min)} 项`,
  arrayMaxSize: ([max]) => `最多 ${String(max)} 项`,
  arrayUnique: () => '不能有重复项',
  matches: () => '格式不正确',
  minDate: () => '时间太早',
  maxDate: () => '时间太晚',
  notCommonPassword: () => '太常见，请换一个更难猜到的密码',
  // Not decorators: what the validator itself reports.
  whitelistValidation: () => '不是可接受的字段',
  nestedValidation: () => '须为对象',
  unknownValue: () => '无法识别的输入',
};

/** What a constraint without its own Chinese says. */
const ZH_FALLBACK = '不符合要求';

function lengthZh(min: number, max: number | undefined): string {
  if (max === undefined) return `至少 ${min} 个字符`;
  if (min <= 0) return `不能超过 ${max} 个字符`;
  if (min === 1) return `不能为空，且不能超过 ${max} 个字符`;
  return `须为 ${min}–${max} 个字符`;
}

/** The constraint names this file translates (a spec checks that every DTO's are here). */
export const TRANSLATED_CONSTRAINTS: ReadonlySet<string> = new Set(Object.keys(ZH));

/** The arguments a failed constraint was declared with, read from class-validator's metadata. */
function argumentsOf(error: ValidationError, constraint: string): readonly unknown[] {
  const target: unknown = error.target;
  if (typeof target !== 'object' || target === null) return [];
  const declared = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((metadata) => metadata.propertyName === error.property && metadata.name === constraint);
  return declared?.constraints ?? [];
}

/** A decorator's own Chinese: `@Matches(re, { message: '…', context: { zh: '…' } })`. */
function zhContext(error: ValidationError, constraint: string): string | undefined {
  const context: unknown = error.contexts?.[constraint];
  if (typeof context !== 'object' || context === null) return undefined;
  const zh: unknown = (context as { zh?: unknown }).zh;
  return typeof zh === 'string' ? zh : undefined;
}

/** Every failed constraint of one property, in English (class-validator's) and Chinese. */
export function constraintMessages(error: ValidationError): Localized[] {
  return Object.entries(error.constraints ?? {}).map(([constraint, en]) => ({
    en,
    zh:
      zhContext(error, constraint) ??
      ZH[constraint]?.(argumentsOf(error, constraint)) ??
      ZH_FALLBACK,
  }));
}
