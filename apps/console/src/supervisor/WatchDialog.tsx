// Watching a conversation, read-only: the handoff summary and reasons, the transcript, and
// new messages as they are said (the desk socket's `watch`, which supervisors may use).
import { useEffect, useState } from 'react';
import { useDeskEvent, useDeskSocket } from '../app/desk-socket';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Dialog, ErrorNote, Loading } from '../ui/ui';

interface Line {
  id: string;
  role: 'customer' | 'bot' | 'agent' | 'system';
  text: string;
  at: string;
}

interface WatchedConversation {
  id: string;
  messages: Line[];
  handoff: {
    summary: string;
    reasons: { code: string; detail: string }[];
    transcript: Omit<Line, 'id'>[];
  } | null;
}

export function WatchDialog({
  conversationId,
  title,
  onClose,
}: {
  conversationId: string;
  title: string;
  onClose: () => void;
}) {
  const { t, time } = useI18n();
  const api = useApi();
  const { emit } = useDeskSocket();
  const [live, setLive] = useState<Line[]>([]);
  const [watchError, setWatchError] = useState<Error | null>(null);
  const conversation = useResource(
    (signal) =>
      api.get<WatchedConversation>(
        'desk',
        `/v1/conversations/${encodeURIComponent(conversationId)}`,
        undefined,
        signal,
      ),
    [conversationId],
  );

  useEffect(() => {
    emit('watch', { conversationId }).catch((error: unknown) =>
      setWatchError(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      emit('unwatch', { conversationId }).catch(() => undefined);
    };
  }, [emit, conversationId]);

  useDeskEvent('message', (payload) => {
    if (payload.conversationId !== conversationId) return;
    const line: Line = {
      id: String(payload.messageId),
      role: payload.role as Line['role'],
      text: String(payload.text ?? ''),
      at: String(payload.at),
    };
    setLive((current) =>
      current.some((seen) => seen.id === line.id) ? current : [...current, line],
    );
  });

  const data = conversation.data;
  const known = new Set((data?.messages ?? []).map((message) => message.id));
  const said = [...(data?.messages ?? []), ...live.filter((line) => !known.has(line.id))];
  // Before anyone spoke after the handoff, the handoff's transcript tells what was said.
  const lines: Line[] =
    said.length > 0
      ? said
      : (data?.handoff?.transcript ?? []).map((line, index) => ({ ...line, id: `h${index}` }));

  return (
    <Dialog open title={title} onClose={onClose}>
      <div className="watch">
        <p className="muted small">{t('supervisor.watch.readOnly')}</p>
        {watchError && <ErrorNote error={watchError} />}
        {conversation.error && (
          <ErrorNote error={conversation.error} onRetry={conversation.reload} />
        )}
        {!data ? (
          !conversation.error && <Loading />
        ) : (
          <>
            {data.handoff && (
              <div className="watch-handoff">
                <h3>{t('supervisor.watch.summary')}</h3>
                <p>{data.handoff.summary}</p>
                {data.handoff.reasons.length > 0 && (
                  <ul className="watch-reasons">
                    {data.handoff.reasons.map((reason) => (
                      <li key={reason.code}>{reason.detail || reason.code}</li>
                    ))}
                  </ul>
                )}
              </div>
            )}
            <h3>{t('supervisor.watch.transcript')}</h3>
            <ol className="watch-lines" aria-live="polite">
              {lines.map((line) => (
                <li key={line.id} className={`watch-line watch-${line.role}`}>
                  <span className="watch-who">
                    {t(`supervisor.watch.role.${line.role}`)} · {time(line.at)}
                  </span>
                  <span className="watch-text">{line.text}</span>
                </li>
              ))}
            </ol>
          </>
        )}
        <div className="verdicts">
          <button type="button" onClick={onClose}>
            {t('common.close')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
