import { describe, expect, it } from '@jest/globals';
import { linkParts } from './linkify';

const link = (text: string, href = text) => ({ kind: 'link', text, href });
const text = (value: string) => ({ kind: 'text', text: value });

describe('linkParts', () => {
  it('leaves text without an address as one part', () => {
    expect(linkParts('大促前先报名')).toEqual([text('大促前先报名')]);
  });

  it('finds http and https addresses among text', () => {
    expect(linkParts('See https://laogao.example/posts/1 and http://a.cn/x?y=1#z')).toEqual([
      text('See '),
      link('https://laogao.example/posts/1'),
      text(' and '),
      link('http://a.cn/x?y=1#z'),
    ]);
  });

  it('ends an address at Chinese text and at sentence punctuation', () => {
    expect(linkParts('看这个https://a.cn/x很好。')).toEqual([
      text('看这个'),
      link('https://a.cn/x'),
      text('很好。'),
    ]);
    expect(linkParts('Read https://a.cn/guide.')).toEqual([
      text('Read '),
      link('https://a.cn/guide'),
      text('.'),
    ]);
    expect(linkParts('(see https://a.cn/x)')).toEqual([
      text('(see '),
      link('https://a.cn/x'),
      text(')'),
    ]);
    expect(linkParts('https://en.wikipedia.org/wiki/Tmall_(platform)')).toEqual([
      link('https://en.wikipedia.org/wiki/Tmall_(platform)'),
    ]);
  });

  it('links nothing but http(s): javascript:, data:, other schemes and bare hosts stay text', () => {
    for (const value of [
      'javascript:alert(1)',
      'JAVASCRIPT://%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'ftp://files.example/x',
      'www.example.com',
      'http://',
      'http:// example.com',
    ]) {
      expect(linkParts(value).every((part) => part.kind === 'text')).toBe(true);
    }
  });

  it('gives the parsed address as href and keeps markup as text', () => {
    expect(linkParts('HTTPS://A.CN/<b>x</b>')).toEqual([
      link('HTTPS://A.CN/', 'https://a.cn/'),
      text('<b>x</b>'),
    ]);
    expect(linkParts('"https://a.cn/x" onclick="y"')).toEqual([
      text('"'),
      link('https://a.cn/x'),
      text('" onclick="y"'),
    ]);
  });
});
