import type { ReportableContent } from '../../../common/moderation/reportable-content';
import { indexByType } from './reportable-contents';

const content = (type: string): ReportableContent => ({
  type,
  find: () => Promise.resolve(null),
  hide: () => Promise.resolve(false),
  describe: () => Promise.resolve(new Map()),
});

describe(indexByType.name, () => {
  it('indexes one content per report target type', () => {
    const post = content('post');
    const comment = content('comment');
    const message = content('message');
    const sut = indexByType([message, post, comment]);
    expect(sut.get('post')).toBe(post);
    expect(sut.get('comment')).toBe(comment);
    expect(sut.get('message')).toBe(message);
  });

  it('counts one provider found twice (exported and imported) once', () => {
    const post = content('post');
    expect(indexByType([post, post, content('comment'), content('message')]).get('post')).toBe(
      post,
    );
  });

  it('refuses a type without content', () => {
    expect(() => indexByType([content('post'), content('comment')])).toThrow(
      'No reportable content for type "message"',
    );
  });

  it('refuses two contents for one type', () => {
    expect(() =>
      indexByType([content('post'), content('post'), content('comment'), content('message')]),
    ).toThrow('Two reportable contents for type "post"');
  });

  it('refuses content of a type reports do not know', () => {
    expect(() => indexByType([content('poll')])).toThrow(
      'Reportable content of unknown type "poll"',
    );
  });
});
