// The agent's active conversations: customer, channel, how long the customer has waited
// since their last message, sentiment, and a mark for a message not yet seen.
import { href } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Badge, Elapsed, Empty, ErrorNote, Loading, Sentiment } from '../ui/ui';
import type { ConversationRow } from './conversation-list';
import { channelKey } from './labels';

export function ConversationList({
  rows,
  openId,
  loading,
  error,
  onRetry,
}: {
  rows: ConversationRow[];
  openId: string | null;
  loading: boolean;
  error: Error | null;
  onRetry: () => void;
}) {
  const { t } = useI18n();
  return (
    <nav className="ws-list" aria-labelledby="ws-list-title">
      <h2 id="ws-list-title">
        {t('workspace.list.title')}
        {rows.length > 0 && <span className="ws-count">{rows.length}</span>}
      </h2>
      {error && <ErrorNote error={error} onRetry={onRetry} />}
      {loading && rows.length === 0 ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty>{t('workspace.list.empty')}</Empty>
      ) : (
        <ul>
          {rows.map((row) => {
            const name =
              row.customerName || t('workspace.list.anonymous', { short: row.id.slice(0, 6) });
            return (
              <li key={row.id}>
                <a
                  href={href('workspace', 'c', row.id)}
                  className={`ws-row${row.unread ? ' ws-row-unread' : ''}`}
                  aria-current={row.id === openId ? 'page' : undefined}
                  data-conversation-id={row.id}
                >
                  <span className="ws-row-name">
                    {row.unread && (
                      <span className="ws-unread" title={t('workspace.list.unread')}>
                        <span className="visually-hidden">{t('workspace.list.unread')}</span>
                      </span>
                    )}
                    {name}
                  </span>
                  <span className="ws-row-meta">
                    <Badge tone="info">{t(channelKey(row.channelType))}</Badge>
                    <span className="ws-row-wait">
                      <span className="visually-hidden">{t('workspace.list.waiting')}</span>
                      <Elapsed since={row.waitingSince} />
                    </span>
                    <Sentiment score={row.sentiment} label={t('workspace.list.sentiment')} />
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
      )}
    </nav>
  );
}
