// The live board: queues, agents and the conversations in progress, kept current by the
// desk's `queue` and `presence` socket events (and a quiet reload every 15 s).
import { useEffect, useRef } from 'react';
import { useDeskEvent } from '../app/desk-socket';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { AgentsTable } from './AgentsTable';
import { ConversationsTable, loadConversations } from './ConversationsTable';
import { applyPresenceEvent, sortAgents, type PresenceEvent } from './live-model';
import { QueuesTable } from './QueuesTable';
import type { DeskAgent } from './types';

const RELOAD_MS = 15_000;

export function LiveTab() {
  const api = useApi();
  const agents = useResource(
    (signal) =>
      api
        .get<{ agents: DeskAgent[] }>('desk', '/v1/agents', undefined, signal)
        .then((body) => body.agents),
    [],
    { refreshMs: RELOAD_MS },
  );
  const conversations = useResource((signal) => loadConversations(api, signal), [], {
    refreshMs: RELOAD_MS,
  });

  // A queue change means offers and assignments moved: load and conversations follow
  // (at most once a second, however many events arrive together).
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  useDeskEvent('queue', () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      agents.reload();
      conversations.reload();
    }, 1000);
  });
  useEffect(
    () => () => {
      if (pending.current) clearTimeout(pending.current);
    },
    [],
  );
  useDeskEvent('presence', (payload) => {
    agents.set(
      (current) => current && applyPresenceEvent(current, payload as unknown as PresenceEvent),
    );
  });

  const names = new Map((agents.data ?? []).map((agent) => [agent.id, agent.name]));
  return (
    <div className="live-grid">
      <QueuesTable />
      <AgentsTable
        agents={agents.data ? sortAgents(agents.data) : undefined}
        error={agents.error}
        onRetry={agents.reload}
      />
      <ConversationsTable
        conversations={conversations.data}
        error={conversations.error}
        onRetry={conversations.reload}
        agentName={(id) => (id ? (names.get(id) ?? null) : null)}
      />
    </div>
  );
}
