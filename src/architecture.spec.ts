import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { GLOBAL_MODULE_METADATA } from '@nestjs/common/constants';
import { AuditModule } from './modules/audit/audit.module';

/**
 * The seams of the house, read from the source: which part may import which, and where
 * error codes are written. A broken rule names the file and the import or the code.
 */
const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

/** `common`, `modules/<feature>`, or the top folder under src/ (`config`, `database`, …). */
function partOf(file: string): string {
  const [top, feature] = relative(SRC, file).split(/[\\/]/);
  return top === 'modules' ? `modules/${feature}` : top;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g;

/** Every part a file imports from (relative imports only: packages are no part). */
function importedParts(file: string): { part: string; specifier: string }[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((match) => match[1] ?? match[2])
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => ({ part: partOf(resolve(dirname(file), specifier)), specifier }));
}

function arrowsFrom(part: string, to: (target: string) => boolean): string[] {
  return sourceFiles(join(SRC, part)).flatMap((file) =>
    importedParts(file)
      .filter(({ part: target }) => target !== part && to(target))
      .map(({ specifier }) => `${relative(SRC, file)} -> ${specifier}`),
  );
}

describe('The module layout', () => {
  it('keeps common free of features: src/common imports nothing from src/modules', () => {
    expect(arrowsFrom('common', (target) => target.startsWith('modules/'))).toEqual([]);
  });

  it.each([
    ['modules/posts', 'modules/moderation'],
    ['modules/members', 'modules/moderation'],
    ['modules/audit', 'modules/moderation'],
    ['modules/posts', 'modules/discussion'],
    ['modules/membership', 'modules/discussion'],
  ])('has no arrow from %s to %s', (from, to) => {
    expect(arrowsFrom(from, (target) => target === to)).toEqual([]);
  });

  it('keeps the audit log a leaf: it imports no feature', () => {
    expect(arrowsFrom('modules/audit', (target) => target.startsWith('modules/'))).toEqual([]);
  });

  it('makes features import the audit module instead of finding it global', () => {
    expect(Reflect.getMetadata(GLOBAL_MODULE_METADATA, AuditModule)).toBeUndefined();
  });
});

describe('Error codes', () => {
  /** `new SomethingError(..., 'SOME_CODE', ...)`, arguments over several lines included. */
  const INLINE_CODE = /new\s+\w*Error\s*\(((?:[^()]|\([^()]*\))*)\)/g;
  const CODE = /'[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*'/;

  it('are written once, in a `*.errors.ts` file or common/errors, never at a throw site', () => {
    const inline = sourceFiles(join(SRC, 'modules'))
      .filter((file) => !file.endsWith('.errors.ts'))
      .flatMap((file) =>
        [...readFileSync(file, 'utf8').matchAll(INLINE_CODE)]
          .filter((match) => CODE.test(match[1]))
          .map((match) => `${relative(SRC, file)}: ${match[0].replace(/\s+/g, ' ')}`),
      );
    expect(inline).toEqual([]);
  });
});
