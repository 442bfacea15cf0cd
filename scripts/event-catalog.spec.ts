import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEventCatalog } from './event-catalog';

describe('docs/events.md', () => {
  // The consumer column comes from the apps' own subscription lists, so this also fails
  // when an app starts or stops consuming an event and the document was not regenerated.
  it('is what the catalog renders (run `npm run build && node dist/scripts/event-catalog.js` after changing an event)', () => {
    expect(readFileSync(join(__dirname, '..', 'docs', 'events.md'), 'utf8')).toBe(
      renderEventCatalog(),
    );
  });
});
