import { languageOf } from './language';

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
  ])('reads %p as %p', (header, expected) => {
    expect(languageOf(header)).toBe(expected);
  });
});
