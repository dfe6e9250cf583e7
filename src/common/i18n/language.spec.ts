import { request, type Request } from 'express';
import { languageOf } from './language';

/** An Express request carrying only this `Accept-Language` header. */
const withAcceptLanguage = (header: string | undefined): Request =>
  Object.assign(Object.create(request) as Request, {
    headers: header === undefined ? {} : { 'accept-language': header },
  });

describe(languageOf.name, () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    ['zh', 'zh'],
    ['ZH-cn', 'zh'],
    ['zh-TW', 'zh'],
    ['en-US,en;q=0.9,zh;q=0.8', 'en'],
    ['fr-FR, zh;q=0.5', 'zh'],
    ['fr-FR, de', 'en'],
    ['en;q=0.4, zh-CN;q=0.7', 'zh'],
    ['zh;q=0, en', 'en'],
    ['zhx, en', 'en'],
    ['*', 'en'],
    ['zh, en', 'zh'],
    ['en, zh', 'en'],
    ['de, *;q=0.5', 'en'],
  ])('reads %p as %p', (header, expected) => {
    expect(languageOf(withAcceptLanguage(header))).toBe(expected);
  });
});
