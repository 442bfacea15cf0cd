// One conversation: handoff summary and reasons at the top, the live transcript, the reply
// box, resolve and transfer; the side panel beside (or under) it.
import { useEffect, useEffectEvent, useState } from 'react';
import { useDeskEvent, useDeskSocket } from '../app/desk-socket';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Badge, ErrorNote, Loading } from '../ui/ui';
import { Composer, REPLY_ID } from './Composer';
import { channelKey, languageKey, priorityKey, reasonKey } from './labels';
import { ResolveDialog } from './ResolveDialog';
import { SidePanel } from './SidePanel';
import { applyDelivery, mergeMessages, messageFromEvent } from './transcript';
import { Transcript } from './Transcript';
import { TransferDialog } from './TransferDialog';
import type { Assist, ConversationView } from './types';

/** What the page's shortcuts can ask of the open conversation. */
export interface PaneActions {
  resolve(): void;
  transfer(): void;
}

export function ConversationPane({
  conversationId,
  agentId,
  register,
  onLoaded,
  onClosed,
}: {
  conversationId: string;
  agentId: string;
  register: (actions: PaneActions | null) => void;
  onLoaded: (view: ConversationView) => void;
  onClosed: (message: string) => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const { emit, state } = useDeskSocket();
  const view = useResource(
    (signal) =>
      api.get<ConversationView>(
        'desk',
        `/v1/conversations/${encodeURIComponent(conversationId)}`,
        undefined,
        signal,
      ),
    [conversationId],
  );
  const [draft, setDraft] = useState('');
  const [dialog, setDialog] = useState<'resolve' | 'transfer' | null>(null);
  const [watchError, setWatchError] = useState<Error | null>(null);
  const active = view.data?.status === 'assigned';

  // Watch while open (again after a reconnect): messages and deliveries arrive live.
  const connected = state === 'connected';
  useEffect(() => {
    if (!connected) return;
    let current = true;
    emit('watch', { conversationId }).then(
      () => current && setWatchError(null),
      (cause: Error) => current && setWatchError(cause),
    );
    return () => {
      current = false;
      emit('unwatch', { conversationId }).catch(() => undefined);
    };
  }, [conversationId, connected, emit]);

  const canAct = useEffectEvent(() => active);
  useEffect(() => {
    register({
      resolve: () => canAct() && setDialog('resolve'),
      transfer: () => canAct() && setDialog('transfer'),
    });
    return () => register(null);
  }, [register]);

  const loaded = useEffectEvent((data: ConversationView) => onLoaded(data));
  useEffect(() => {
    if (view.data) loaded(view.data);
  }, [view.data]);

  useDeskEvent('message', (payload) => {
    if (payload.conversationId !== conversationId) return;
    const message = messageFromEvent(payload);
    if (!message) return;
    view.set((current) =>
      current ? { ...current, messages: mergeMessages(current.messages, [message]) } : current,
    );
  });
  useDeskEvent('delivery', (payload) => {
    if (payload.conversationId !== conversationId || typeof payload.replyId !== 'string') return;
    const delivery = {
      replyId: payload.replyId,
      status: payload.status === 'failed' ? ('failed' as const) : ('delivered' as const),
      reason: typeof payload.reason === 'string' ? payload.reason : null,
    };
    view.set((current) =>
      current ? { ...current, messages: applyDelivery(current.messages, delivery) } : current,
    );
  });
  useDeskEvent('assist', (payload) => {
    if (payload.conversationId !== conversationId) return;
    const assist: Assist = {
      messageId: String(payload.messageId ?? ''),
      articles: Array.isArray(payload.articles) ? (payload.articles as Assist['articles']) : [],
      draftReply: typeof payload.draftReply === 'string' ? payload.draftReply : null,
      at: typeof payload.at === 'string' ? payload.at : new Date().toISOString(),
    };
    view.set((current) => (current ? { ...current, assist } : current));
  });
  useDeskEvent('conversation.assigned', (payload) => {
    if (payload.conversationId === conversationId) view.reload();
  });

  const insert = (text: string) => {
    setDraft((current) => (current.trim() ? `${current.trimEnd()}\n\n${text}` : text));
    document.getElementById(REPLY_ID)?.focus();
  };

  const send = async (text: string) => {
    const { replyId } = await api.post<{ replyId: string }>(
      'desk',
      `/v1/conversations/${encodeURIComponent(conversationId)}/messages`,
      { text },
    );
    const mine = {
      id: replyId,
      role: 'agent' as const,
      text,
      at: new Date().toISOString(),
      deliveryStatus: 'sent' as const,
      deliveryDetail: null,
    };
    view.set((current) =>
      current ? { ...current, messages: mergeMessages(current.messages, [mine]) } : current,
    );
  };

  if (!view.data) {
    return (
      <section className="ws-pane" aria-label={t('workspace.view.label')}>
        {view.error ? <ErrorNote error={view.error} onRetry={view.reload} /> : <Loading />}
      </section>
    );
  }
  const data = view.data;
  const handoff = data.handoff;
  const name =
    handoff.customer?.displayName || t('workspace.list.anonymous', { short: data.id.slice(0, 6) });
  const priorityLabel = (priority: string) => {
    const key = priorityKey(priority);
    return key ? t(key) : priority;
  };
  const language = languageKey(handoff.language);
  return (
    <>
      <section
        className="ws-pane"
        aria-labelledby="ws-pane-title"
        data-conversation-id={data.id}
        data-status={data.status}
      >
        <header className="ws-pane-head">
          <div>
            <h2 id="ws-pane-title">{name}</h2>
            <div className="ws-tags">
              <Badge tone="info">{t(channelKey(handoff.channel.type))}</Badge>
              {language && <Badge>{t(language)}</Badge>}
              {data.priority !== 'normal' && (
                <Badge tone={data.priority === 'low' ? 'neutral' : 'bad'}>
                  {t('workspace.priority', {
                    priority: priorityLabel(data.priority),
                  })}
                </Badge>
              )}
              <Badge>{data.queue}</Badge>
            </div>
          </div>
          {active && (
            <div className="ws-actions">
              <button type="button" onClick={() => setDialog('transfer')}>
                {t('workspace.transfer.open')}
              </button>
              <button type="button" className="button-primary" onClick={() => setDialog('resolve')}>
                {t('workspace.resolve.open')}
              </button>
            </div>
          )}
        </header>
        {view.error && <ErrorNote error={view.error} onRetry={view.reload} />}
        {watchError && <ErrorNote error={watchError} />}

        <section className="ws-handoff" aria-labelledby="ws-handoff-title">
          <h2 id="ws-handoff-title">{t('workspace.view.handoff')}</h2>
          {handoff.summary && (
            <p className="ws-summary">
              <span className="visually-hidden">{t('workspace.view.summary')}: </span>
              {handoff.summary}
            </p>
          )}
          {handoff.reasons.length > 0 && (
            <div className="ws-reasons-block">
              <h3>{t('workspace.view.reasons')}</h3>
              <ul className="ws-reasons">
                {handoff.reasons.map((reason, index) => {
                  const key = reasonKey(reason.code);
                  return (
                    <li key={`${reason.code}-${index}`}>
                      <strong>{key ? t(key) : reason.code}</strong>
                      {reason.detail && <span className="muted"> — {reason.detail}</span>}
                    </li>
                  );
                })}
              </ul>
            </div>
          )}
          {handoff.intent && (
            <p className="muted">{t('workspace.view.intent', { intent: handoff.intent })}</p>
          )}
          {data.transfers.map((transfer) => (
            <p key={transfer.id} className="note note-info">
              {t('workspace.transfer.history', {
                from: transfer.fromQueue,
                to: transfer.toQueue,
                note: transfer.note,
              })}
            </p>
          ))}
        </section>

        <h2 className="visually-hidden">{t('workspace.view.transcript')}</h2>
        <div className="ws-transcript-scroll">
          <Transcript messages={data.messages} />
        </div>

        {active ? (
          <Composer text={draft} onText={setDraft} onSend={send} />
        ) : (
          <p className="note note-info">
            {t('workspace.view.closed', { status: t(`workspace.status.${data.status}`) })}
          </p>
        )}
      </section>

      <SidePanel
        view={data}
        onInsert={insert}
        onNoteAdded={(note) =>
          view.set((current) =>
            current ? { ...current, notes: [...current.notes, note] } : current,
          )
        }
      />

      <ResolveDialog
        conversationId={data.id}
        open={dialog === 'resolve'}
        onClose={() => setDialog(null)}
        onResolved={() => {
          setDialog(null);
          onClosed(t('workspace.resolve.done'));
        }}
      />
      <TransferDialog
        conversationId={data.id}
        currentQueue={data.queue}
        agentId={agentId}
        open={dialog === 'transfer'}
        onClose={() => setDialog(null)}
        onTransferred={() => {
          setDialog(null);
          onClosed(t('workspace.transfer.done'));
        }}
      />
    </>
  );
}
