// The transcript: bot, customer and agent messages told apart (side, colour, label), each
// agent message with its delivery status; it keeps to the newest message as they arrive.
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n';
import { Empty } from '../ui/ui';
import type { TranscriptMessage } from './types';

export function Transcript({ messages }: { messages: TranscriptMessage[] }) {
  const { t, time } = useI18n();
  const end = useRef<HTMLLIElement>(null);
  const last = messages.at(-1)?.id;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'nearest' });
  }, [last]);
  if (messages.length === 0) return <Empty>{t('workspace.view.emptyTranscript')}</Empty>;
  return (
    <ol className="ws-transcript" aria-label={t('workspace.view.transcript')}>
      {messages.map((message) => (
        <li
          key={message.id}
          className={`ws-message ws-message-${message.role}`}
          data-author={message.role}
          data-message-id={message.id}
        >
          <div className="ws-message-head">
            <span className="ws-author">{t(`workspace.author.${message.role}`)}</span>
            <time dateTime={message.at}>{time(message.at)}</time>
          </div>
          {message.text ? (
            <p className="ws-message-text">{message.text}</p>
          ) : (
            <p className="ws-message-text muted">
              <em>{t('workspace.view.noText')}</em>
            </p>
          )}
          {message.role === 'agent' && message.deliveryStatus && (
            <span
              className={`ws-delivery ws-delivery-${message.deliveryStatus}`}
              data-delivery={message.deliveryStatus}
            >
              {message.deliveryStatus === 'failed' && message.deliveryDetail
                ? t('workspace.delivery.failedBecause', { reason: message.deliveryDetail })
                : t(`workspace.delivery.${message.deliveryStatus}`)}
            </span>
          )}
        </li>
      ))}
      <li ref={end} aria-hidden="true" className="ws-transcript-end" />
    </ol>
  );
}
