import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSUMERS, renderEventCatalog } from './event-catalog';
import { BotConsumer } from '../apps/bot/src/bot.consumer';
import { DeliveryConsumer } from '../apps/gateway/src/delivery/delivery.consumer';
import { DeskConsumer } from '../apps/agent-desk/src/desk.consumer';
import { KnowledgeConsumer } from '../apps/knowledge/src/knowledge.consumer';
import { RouterConsumer } from '../apps/router/src/router.consumer';

describe('docs/events.md', () => {
  it('is what the catalog renders (run `npm run build && node dist/scripts/event-catalog.js` after changing an event)', () => {
    expect(readFileSync(join(__dirname, '..', 'docs', 'events.md'), 'utf8')).toBe(
      renderEventCatalog(),
    );
  });

  it.each([
    ['gateway', DeliveryConsumer],
    ['bot', BotConsumer],
    ['router', RouterConsumer],
    ['agent-desk', DeskConsumer],
    ['knowledge', KnowledgeConsumer],
  ] as const)('names exactly what %s subscribes to', (app, consumer) => {
    const subscriptions = [
      ...(Reflect.construct(consumer, []) as { subscriptions: string[] }).subscriptions,
    ].sort();
    expect([...CONSUMERS[app]!].sort()).toEqual(subscriptions);
  });
});
