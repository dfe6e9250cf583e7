import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, IsIn, IsInt, IsString, Length, Matches, Max } from 'class-validator';
import { createValidationPipe } from './validation.pipe';
import { ValidationFailedError } from '../errors/domain-error';
import { constraintMessages, TRANSLATED_CONSTRAINTS } from './constraint-messages';
import { TagList, TrimmedText } from './decorators';

class Sample {
  @TrimmedText(1, 50)
  name!: string;

  @IsString()
  @Length(2, 8)
  code!: string;

  @IsInt()
  @Max(100)
  count!: number;

  @IsIn(['a', 'b'])
  kind!: string;

  @IsString()
  @Matches(/^[a-z]+$/, {
    message: 'slug must be lower-case letters',
    context: { zh: '须为小写字母' },
  })
  slug!: string;

  @TagList(2)
  tags!: string[];
}

/** What the global pipe answers for `body` given to `Sample`, in `language`. */
async function refusal(body: object, language: 'en' | 'zh') {
  try {
    await createValidationPipe().transform(body, { type: 'body', metatype: Sample });
  } catch (error) {
    if (error instanceof ValidationFailedError) return error.detailsIn(language);
    throw error;
  }
  throw new Error('the body was accepted');
}

/** Every `*.dto.ts` under src/modules: the classes the API validates. */
function dtoFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return dtoFiles(path);
    return entry.name.endsWith('.dto.ts') ? [path] : [];
  });
}

describe(constraintMessages.name, () => {
  it('says each failed constraint in Chinese, with its own bounds, and keeps the English', async () => {
    const body = { name: '', code: 'x', count: 101.5, kind: 'c', slug: 'A', tags: ['a', 'b', 'c'] };
    expect(await refusal(body, 'zh')).toEqual([
      { field: 'name', messages: ['不能为空，且不能超过 50 个字符'] },
      { field: 'code', messages: ['须为 2–8 个字符'] },
      { field: 'count', messages: expect.arrayContaining(['须为整数', '不能大于 100']) },
      { field: 'kind', messages: ['须为以下之一：a、b'] },
      { field: 'slug', messages: ['须为小写字母'] },
      { field: 'tags', messages: ['最多 2 项'] },
    ]);
    expect(await refusal(body, 'en')).toEqual(
      expect.arrayContaining([
        { field: 'code', messages: ['code must be longer than or equal to 2 characters'] },
        { field: 'slug', messages: ['slug must be lower-case letters'] },
      ]),
    );
  });

  it('refuses an unknown property in Chinese too', async () => {
    const body = { name: 'n', code: 'ab', count: 1, kind: 'a', slug: 'a', tags: [], role: 1 };
    expect(await refusal(body, 'zh')).toEqual([{ field: 'role', messages: ['不是可接受的字段'] }]);
  });

  it('falls back to a general Chinese sentence for a constraint it does not know', () => {
    const messages = constraintMessages({
      property: 'x',
      constraints: { someNewRule: 'x must be something new' },
      children: [],
    });
    expect(messages).toEqual([{ en: 'x must be something new', zh: '不符合要求' }]);
  });

  it('has Chinese for every constraint the API’s DTOs declare', async () => {
    const declared = new Set<string>();
    for (const file of dtoFiles(join(__dirname, '../../modules'))) {
      const exports = (await import(file)) as Record<string, unknown>;
      for (const value of Object.values(exports)) {
        if (typeof value !== 'function') continue;
        for (const metadata of getMetadataStorage().getTargetValidationMetadatas(
          value,
          '',
          true,
          false,
        )) {
          // `IsOptional` and `ValidateIf` decide whether to validate; they never fail.
          if (metadata.name && metadata.type !== 'conditionalValidation') {
            declared.add(metadata.name);
          }
        }
      }
    }
    expect(declared.size).toBeGreaterThan(10);
    expect([...declared].filter((name) => !TRANSLATED_CONSTRAINTS.has(name))).toEqual([]);
  });

  it('reads a constraint’s arguments from its target’s metadata', () => {
    const instance = plainToInstance(Sample, {});
    expect(
      constraintMessages({
        target: instance,
        property: 'code',
        constraints: { isLength: 'code must be…' },
        children: [],
      }),
    ).toEqual([{ en: 'code must be…', zh: '须为 2–8 个字符' }]);
  });
});
