import { href, parseHash } from './router';

describe('hash routes', () => {
  it('reads segments and the query', () => {
    const route = parseHash('#/knowledge/articles/a%20b?tab=versions');
    expect(route.segments).toEqual(['knowledge', 'articles', 'a b']);
    expect(route.query.get('tab')).toBe('versions');
    expect(parseHash('').segments).toEqual([]);
  });

  it('writes what it reads', () => {
    expect(parseHash(href('workspace', 'c', 'x/y')).segments).toEqual(['workspace', 'c', 'x/y']);
  });
});
