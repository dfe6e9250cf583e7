import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The languages answers are written in: Simplified Chinese and English. */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Used when the caller states no language we speak. */
export const FALLBACK_LANGUAGE: Language = 'en';

/**
 * Picks the answer language from an `Accept-Language` header: the supported language
 * (`zh…` → Chinese, `en…` → English) with the highest quality, the earlier one on a tie;
 * English when the header names neither. `zh-TW` counts as Chinese: Simplified beats
 * English for a Chinese reader.
 */
export function languageOf(acceptLanguage: string | undefined): Language {
  if (!acceptLanguage) return FALLBACK_LANGUAGE;
  let best: { language: Language; quality: number } | undefined;
  for (const part of acceptLanguage.split(',')) {
    const [tag, ...params] = part.trim().toLowerCase().split(';');
    const language = LANGUAGES.find(
      (candidate) => tag === candidate || tag.startsWith(`${candidate}-`),
    );
    if (!language) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const quality = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(quality) || quality <= 0) continue;
    if (!best || quality > best.quality) best = { language, quality };
  }
  return best?.language ?? FALLBACK_LANGUAGE;
}

/** The caller's language, from `Accept-Language`. */
export const RequestLanguage = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Language =>
    languageOf(context.switchToHttp().getRequest<Request>().headers['accept-language']),
);
