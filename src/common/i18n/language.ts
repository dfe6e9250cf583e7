import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** The languages answers are written in: Simplified Chinese and English. */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Used when the caller states no language we speak. */
export const FALLBACK_LANGUAGE: Language = 'en';

/** One text in every language answers are written in. */
export type Localized = Readonly<Record<Language, string>>;

/**
 * Picks the answer language from the request's `Accept-Language` (Express's
 * `acceptsLanguages`): the supported language with the highest quality, the earlier one
 * in the header on a tie; English when the header names neither or only `*`. `zh-TW`
 * counts as Chinese: Simplified beats English for a Chinese reader.
 */
export function languageOf(request: Pick<Request, 'acceptsLanguages'>): Language {
  // English first: a bare `*` picks it.
  const picked = request.acceptsLanguages('en', 'zh');
  return LANGUAGES.find((language) => language === picked) ?? FALLBACK_LANGUAGE;
}

/** The caller's language, from `Accept-Language`. */
export const RequestLanguage = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Language =>
    languageOf(context.switchToHttp().getRequest<Request>()),
);
