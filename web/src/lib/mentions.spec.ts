import { describe, expect, it } from '@jest/globals';
import { mentionParts, mentionQueryAt, mentionTag } from './mentions';

const ID = '0b7f8a8e-1d2c-4c3b-9a4e-5f6a7b8c9d0e';

describe('mentions in the client', () => {
  it('finds the name being typed after an @ that starts a word', () => {
    expect(mentionQueryAt('hi @li', 6)).toEqual({ query: 'li', start: 3 });
    expect(mentionQueryAt('@老高', 3)).toEqual({ query: '老高', start: 0 });
    expect(mentionQueryAt('mail a@b', 8)).toBeNull();
    expect(mentionQueryAt('hi @li and more', 15)).toBeNull();
    expect(mentionQueryAt('hi @', 4)).toBeNull();
  });

  it('inserts a tag the server reads, without brackets from the name', () => {
    expect(mentionTag({ id: ID, displayName: 'Li [ops]' })).toBe(`@[Li ops](${ID})`);
  });

  it('splits chat text into words and mentions', () => {
    expect(mentionParts(`hi @[Li Wei](${ID})!`)).toEqual([
      'hi ',
      { name: 'Li Wei', memberId: ID },
      '!',
    ]);
    expect(mentionParts('no tags @here')).toEqual(['no tags @here']);
  });
});
