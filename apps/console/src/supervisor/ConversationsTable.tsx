// Conversations in progress: waiting (queued, on offer) and with an agent, with queue,
// agent, waiting and handling time and the customer's latest sentiment (all in the desk's list).
import { useState } from 'react';
import type { Api } from '../app/api';
import { useI18n } from '../i18n/i18n';
import { secondsSince } from '../i18n/format';
import { Badge, Empty, ErrorNote, Loading, Sentiment, type Tone } from '../ui/ui';
import type { ConversationSummary } from './types';
import { useNow } from './useNow';
import { WatchDialog } from './WatchDialog';

export interface LiveConversation extends Omit<ConversationSummary, 'sentiment'> {
  sentiment: number | null;
}

const PAGE = 50;

export async function loadConversations(
  api: Api,
  signal: AbortSignal,
): Promise<LiveConversation[]> {
  const pages = await Promise.all(
    (['queued', 'offered', 'assigned'] as const).map((status) =>
      api.get<{ conversations: ConversationSummary[] }>(
        'desk',
        '/v1/conversations',
        { status, limit: PAGE },
        signal,
      ),
    ),
  );
  const all = pages
    .flatMap((page) => page.conversations)
    .sort((a, b) => Date.parse(b.queuedAt) - Date.parse(a.queuedAt));
  return all.map((conversation) => ({
    ...conversation,
    sentiment: conversation.sentiment?.score ?? null,
  }));
}

const STATUS_TONE: Record<string, Tone> = { queued: 'warn', offered: 'info', assigned: 'good' };
const PRIORITY_TONE: Record<string, Tone> = {
  low: 'neutral',
  normal: 'neutral',
  high: 'warn',
  urgent: 'bad',
};

export function ConversationsTable({
  conversations,
  error,
  onRetry,
  agentName,
}: {
  conversations: LiveConversation[] | undefined;
  error: Error | null;
  onRetry: () => void;
  agentName: (id: string | null) => string | null;
}) {
  const { t, duration } = useI18n();
  const now = useNow();
  const [watching, setWatching] = useState<{ id: string; customer: string } | null>(null);
  return (
    <section className="card live-section live-conversations" aria-labelledby="sup-conversations">
      <h2 id="sup-conversations">{t('supervisor.live.conversations')}</h2>
      {error && <ErrorNote error={error} onRetry={onRetry} />}
      {!conversations ? (
        !error && <Loading />
      ) : conversations.length === 0 ? (
        <Empty>{t('supervisor.live.noConversations')}</Empty>
      ) : (
        <div className="table-scroll">
          <table className="dense">
            <thead>
              <tr>
                <th scope="col">{t('supervisor.conv.customer')}</th>
                <th scope="col">{t('supervisor.conv.status')}</th>
                <th scope="col">{t('supervisor.conv.queue')}</th>
                <th scope="col">{t('supervisor.conv.agent')}</th>
                <th scope="col" className="number">
                  {t('supervisor.conv.waited')}
                </th>
                <th scope="col" className="number">
                  {t('supervisor.conv.handling')}
                </th>
                <th scope="col">{t('supervisor.conv.sentiment')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('supervisor.watch.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {conversations.map((conversation) => {
                const waitEnd = conversation.assignedAt ? Date.parse(conversation.assignedAt) : now;
                const waited = Math.max(0, (waitEnd - Date.parse(conversation.queuedAt)) / 1000);
                const customer = conversation.customerName ?? t('supervisor.conv.anonymous');
                const handling = conversation.assignedAt
                  ? secondsSince(conversation.assignedAt, now)
                  : null;
                return (
                  <tr key={conversation.id} data-conversation={conversation.id}>
                    <th scope="row">
                      {customer}
                      {conversation.priority !== 'normal' && (
                        <>
                          {' '}
                          <Badge tone={PRIORITY_TONE[conversation.priority]}>
                            {t(`supervisor.priority.${conversation.priority}`)}
                          </Badge>
                        </>
                      )}
                    </th>
                    <td>
                      <Badge tone={STATUS_TONE[conversation.status]}>
                        {conversation.status === 'queued' ||
                        conversation.status === 'offered' ||
                        conversation.status === 'assigned'
                          ? t(`supervisor.status.${conversation.status}`)
                          : conversation.status}
                      </Badge>
                    </td>
                    <td>{conversation.queue}</td>
                    <td>{agentName(conversation.agentId) ?? '—'}</td>
                    <td className="number">{duration(waited)}</td>
                    <td className="number">{handling === null ? '—' : duration(handling)}</td>
                    <td>
                      {conversation.sentiment === null ? (
                        <span className="muted">{t('supervisor.conv.noSentiment')}</span>
                      ) : (
                        <span className="sentiment-cell">
                          <Sentiment
                            score={conversation.sentiment}
                            label={t('supervisor.conv.sentiment')}
                          />
                          <span aria-hidden="true">{conversation.sentiment.toFixed(2)}</span>
                        </span>
                      )}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="button-link"
                        aria-label={t('supervisor.watch.openOf', { customer })}
                        onClick={() => setWatching({ id: conversation.id, customer })}
                      >
                        {t('supervisor.watch.open')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {watching && (
        <WatchDialog
          conversationId={watching.id}
          title={t('supervisor.watch.title', { customer: watching.customer })}
          onClose={() => setWatching(null)}
        />
      )}
    </section>
  );
}
