// The agent's workspace: presence, incoming offers, my conversations (left); the open
// conversation (middle); the customer and tools (right, or under it on a tablet).
import { useCallback, useEffect, useEffectEvent, useReducer, useRef, useState } from 'react';
import { ApiError } from '../app/api';
import { useDeskEvent } from '../app/desk-socket';
import { navigate, type Route } from '../app/router';
import { useAgent, useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, Loading } from '../ui/ui';
import { REPLY_ID } from './Composer';
import {
  conversationRows,
  detailsFromView,
  noteCustomerMessage,
  type ListDetails,
} from './conversation-list';
import { ConversationList } from './ConversationList';
import { ConversationPane, type PaneActions } from './ConversationPane';
import { channelKey } from './labels';
import { OfferList } from './OfferList';
import { offerFromEvent, offerPreview, offersReducer } from './offers';
import { PresenceSwitch } from './PresenceSwitch';
import { ShortcutHelp } from './ShortcutHelp';
import { isTypingTarget, matchShortcut, neighbour } from './shortcuts';
import type { ConversationSummary, ConversationView, Me, Offer } from './types';
import './workspace.css';

export function WorkspacePage({ route }: { route: Route }) {
  const { t } = useI18n();
  const api = useApi();
  const agent = useAgent();
  const openId = route.segments[1] === 'c' ? (route.segments[2] ?? null) : null;

  const me = useResource((signal) => api.get<Me>('desk', '/v1/agents/me', undefined, signal), []);
  const settings = useResource(
    (signal) => api.get<{ busyStates: string[] }>('desk', '/v1/settings', undefined, signal),
    [],
  );

  // Offers: the list once, then the socket.
  const [offers, dispatch] = useReducer(offersReducer, []);
  const [offerError, setOfferError] = useState<Error | null>(null);
  const [accepting, setAccepting] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const loadOffers = useCallback(
    (signal?: AbortSignal) =>
      api.get<{ offers: Offer[] }>('desk', '/v1/offers', undefined, signal).then(
        (answer) => dispatch({ type: 'loaded', offers: answer.offers }),
        (cause: Error) => !signal?.aborted && setOfferError(cause),
      ),
    [api],
  );
  useEffect(() => {
    const controller = new AbortController();
    void loadOffers(controller.signal);
    return () => controller.abort();
  }, [loadOffers]);

  // What an offer is about: the conversation's handoff (the offered agent may read it).
  const detailed = useRef(new Set<string>());
  useEffect(() => {
    for (const offer of offers) {
      if (detailed.current.has(offer.id)) continue;
      detailed.current.add(offer.id);
      api
        .get<ConversationView>(
          'desk',
          `/v1/conversations/${encodeURIComponent(offer.conversationId)}`,
        )
        .then((view) =>
          dispatch({
            type: 'detailed',
            offerId: offer.id,
            details: {
              preview: offerPreview(view.handoff),
              reasons: view.handoff.reasons,
              language: view.handoff.language,
              channelType: view.handoff.channel.type,
              customerDisplayName: view.handoff.customer?.displayName ?? null,
              queue: view.queue,
              priority: view.priority,
              queuedAt: view.queuedAt,
            },
          }),
        )
        // The offer shows what its event told; the details are a bonus.
        .catch(() => undefined);
    }
  }, [offers, api]);

  // My conversations: one request, read again every 15 s for the customers' sentiment.
  const list = useResource(
    (signal) =>
      api
        .get<{
          conversations: ConversationSummary[];
        }>('desk', '/v1/conversations', { status: 'assigned', limit: 100 }, signal)
        .then((answer) => answer.conversations),
    [],
    { refreshMs: 15_000 },
  );
  const [details, setDetails] = useState<Map<string, ListDetails>>(() => new Map());
  const [unread, setUnread] = useState<Set<string>>(() => new Set());
  const rows = conversationRows(list.data ?? [], agent.id, details, unread);

  const onLoaded = useCallback((view: ConversationView) => {
    setDetails((current) => new Map(current).set(view.id, detailsFromView(view)));
    setUnread((current) => {
      if (!current.has(view.id)) return current;
      const next = new Set(current);
      next.delete(view.id);
      return next;
    });
  }, []);

  // A (re)connection: what happened while it was down is fetched again.
  useDeskEvent('ready', () => {
    void loadOffers();
    list.reload();
  });
  useDeskEvent('offer', (payload) => {
    const offer = offerFromEvent(payload);
    if (!offer) return;
    dispatch({ type: 'offered', offer });
    setNotice(
      t('workspace.offers.arrived', {
        who: offer.customerDisplayName || t('workspace.offers.anonymous'),
        channel: t(channelKey(offer.channelType)),
      }),
    );
  });
  useDeskEvent('offer.withdrawn', (payload) => {
    if (typeof payload.offerId === 'string')
      dispatch({ type: 'removed', offerId: payload.offerId });
  });
  useDeskEvent('conversation.assigned', (payload) => {
    if (payload.agentId === agent.id) list.reload();
  });
  useDeskEvent('message', (payload) => {
    const conversationId = payload.conversationId;
    if (typeof conversationId !== 'string') return;
    if (payload.role === 'customer' && typeof payload.at === 'string') {
      const at = payload.at;
      setDetails((current) => noteCustomerMessage(current, conversationId, at));
    }
    if (conversationId !== openId && payload.role === 'customer') {
      setUnread((current) => new Set(current).add(conversationId));
    }
    if (!(list.data ?? []).some((summary) => summary.id === conversationId)) list.reload();
  });
  useDeskEvent('presence', (payload) => {
    if (payload.agentId !== agent.id) return;
    me.set((current) =>
      current
        ? {
            ...current,
            presence: payload.presence as Me['presence'],
            busyState: typeof payload.busyState === 'string' ? payload.busyState : null,
          }
        : current,
    );
  });

  const accept = (offer: Offer) => {
    setAccepting(offer.id);
    setOfferError(null);
    api
      .post<{ conversationId: string }>('desk', `/v1/offers/${encodeURIComponent(offer.id)}/accept`)
      .then((answer) => {
        dispatch({ type: 'removed', offerId: offer.id });
        list.reload();
        navigate('workspace', 'c', answer.conversationId);
      })
      .catch((cause: Error) => {
        setOfferError(cause);
        if (cause instanceof ApiError && (cause.status === 404 || cause.status === 409))
          dispatch({ type: 'removed', offerId: offer.id });
      })
      .finally(() => setAccepting(null));
  };
  const decline = async (offer: Offer, reason: string) => {
    await api.post('desk', `/v1/offers/${encodeURIComponent(offer.id)}/decline`, {
      ...(reason ? { reason } : {}),
    });
    dispatch({ type: 'removed', offerId: offer.id });
  };

  // Shortcuts: the open conversation registers what it can do.
  const pane = useRef<PaneActions | null>(null);
  const register = useCallback((actions: PaneActions | null) => {
    pane.current = actions;
  }, []);
  const [help, setHelp] = useState(false);
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented) return;
    if (document.querySelector('dialog[open]')) return;
    const action = matchShortcut(event, isTypingTarget(event.target as HTMLElement | null));
    if (!action) return;
    event.preventDefault();
    switch (action) {
      case 'acceptOffer':
        if (offers[0] && !accepting) accept(offers[0]);
        break;
      case 'focusReply':
        document.getElementById(REPLY_ID)?.focus();
        break;
      case 'resolve':
        pane.current?.resolve();
        break;
      case 'transfer':
        pane.current?.transfer();
        break;
      case 'nextConversation':
      case 'previousConversation': {
        const next = neighbour(
          rows.map((row) => row.id),
          openId,
          action === 'nextConversation' ? 1 : -1,
        );
        if (next) navigate('workspace', 'c', next);
        break;
      }
      case 'help':
        setHelp(true);
        break;
    }
  });
  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const closed = useCallback(
    (message: string) => {
      setNotice(message);
      list.reload();
      navigate('workspace');
    },
    [list],
  );

  return (
    <div className="ws">
      <div className="ws-left">
        <h1 className="visually-hidden">{t('workspace.title')}</h1>
        <section className="card ws-card">
          {me.data ? (
            <PresenceSwitch
              me={me.data}
              busyStates={settings.data?.busyStates ?? []}
              onChange={(next) => me.set(() => next)}
            />
          ) : me.error ? (
            <ErrorNote error={me.error} onRetry={me.reload} />
          ) : (
            <Loading />
          )}
        </section>
        <OfferList
          offers={offers}
          online={me.data?.presence === 'online'}
          busy={accepting}
          error={offerError}
          onAccept={accept}
          onDecline={decline}
          onExpired={() => dispatch({ type: 'expired', now: Date.now() })}
        />
        <ConversationList
          rows={rows}
          openId={openId}
          loading={list.loading}
          error={list.error}
          onRetry={list.reload}
        />
        <button type="button" className="button-link ws-help-link" onClick={() => setHelp(true)}>
          {t('workspace.shortcuts.open')} <kbd>?</kbd>
        </button>
        <p className="visually-hidden" role="status" aria-live="polite">
          {notice}
        </p>
      </div>
      {openId ? (
        <ConversationPane
          key={openId}
          conversationId={openId}
          agentId={agent.id}
          register={register}
          onLoaded={onLoaded}
          onClosed={closed}
        />
      ) : (
        <section className="ws-pane ws-pane-empty" aria-labelledby="ws-none-title">
          {notice && <p className="note note-info">{notice}</p>}
          <h2 id="ws-none-title">{t('workspace.none.title')}</h2>
          <p className="muted">{t('workspace.none.hint')}</p>
        </section>
      )}
      <ShortcutHelp open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
