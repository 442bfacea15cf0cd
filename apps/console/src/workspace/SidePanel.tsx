// Beside the conversation: the customer (profile, history across channels), AI assist,
// canned responses and internal notes.
import { useState } from 'react';
import { useApi } from '../app/session';
import { href } from '../app/router';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Field, Sentiment } from '../ui/ui';
import { channelKey, languageKey } from './labels';
import type { Assist, CannedResponse, ConversationView, Note } from './types';

export function SidePanel({
  view,
  onInsert,
  onNoteAdded,
}: {
  view: ConversationView;
  onInsert: (text: string) => void;
  onNoteAdded: (note: Note) => void;
}) {
  const { t } = useI18n();
  return (
    <aside className="ws-side" aria-label={t('workspace.side.label')}>
      <CustomerCard view={view} />
      <AssistCard assist={view.assist} onInsert={onInsert} />
      <CannedCard conversationId={view.id} language={view.handoff.language} onInsert={onInsert} />
      <NotesCard conversationId={view.id} notes={view.notes} onAdded={onNoteAdded} />
    </aside>
  );
}

function CustomerCard({ view }: { view: ConversationView }) {
  const { t, time } = useI18n();
  const customer = view.handoff.customer;
  const language = languageKey(view.handoff.language);
  const history = (customer?.conversations ?? []).filter((item) => item.id !== view.id);
  return (
    <section className="card ws-card" aria-labelledby="ws-customer-title">
      <h2 id="ws-customer-title">{t('workspace.customer.title')}</h2>
      <dl className="ws-facts">
        <dt>{t('workspace.customer.name')}</dt>
        <dd>{customer?.displayName || '—'}</dd>
        <dt>{t('workspace.customer.tier')}</dt>
        <dd>{customer?.tier ?? '—'}</dd>
        <dt>{t('workspace.customer.channel')}</dt>
        <dd>{t(channelKey(view.handoff.channel.type))}</dd>
        <dt>{t('workspace.customer.language')}</dt>
        <dd>{language ? t(language) : view.handoff.language}</dd>
        {view.handoff.lastSentiment && (
          <>
            <dt>{t('workspace.customer.sentiment')}</dt>
            <dd>
              <Sentiment
                score={view.handoff.lastSentiment.score}
                label={t('workspace.customer.sentiment')}
              />{' '}
              {view.handoff.lastSentiment.score.toFixed(2)}
            </dd>
          </>
        )}
      </dl>
      <h3>{t('workspace.customer.history')}</h3>
      {history.length === 0 ? (
        <Empty>{t('workspace.customer.noHistory')}</Empty>
      ) : (
        <ul className="ws-history">
          {history.map((item) => (
            <li key={item.id}>
              <time dateTime={item.createdAt}>{time(item.createdAt)}</time>{' '}
              <Badge>{item.status}</Badge>{' '}
              <a href={href('workspace', 'c', item.id)} className="ws-mono">
                {item.channelId.slice(0, 8)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function AssistCard({
  assist,
  onInsert,
}: {
  assist: Assist | null;
  onInsert: (text: string) => void;
}) {
  const { t } = useI18n();
  return (
    <section className="card ws-card" aria-labelledby="ws-assist-title">
      <h2 id="ws-assist-title">{t('workspace.assist.title')}</h2>
      {!assist || (!assist.draftReply && assist.articles.length === 0) ? (
        <Empty>{t('workspace.assist.none')}</Empty>
      ) : (
        <>
          {assist.draftReply && (
            <div className="ws-draft">
              <h3>{t('workspace.assist.draft')}</h3>
              <p>{assist.draftReply}</p>
              <button type="button" onClick={() => onInsert(assist.draftReply ?? '')}>
                {t('workspace.assist.insert')}
              </button>
            </div>
          )}
          {assist.articles.length > 0 && (
            <>
              <h3>{t('workspace.assist.articles')}</h3>
              <ul className="ws-articles">
                {assist.articles.map((article) => (
                  <li key={article.articleId}>
                    <strong>{article.title}</strong>
                    {article.matchedQuestion && (
                      <small className="muted">
                        {' '}
                        {t('workspace.assist.matched', { question: article.matchedQuestion })}
                      </small>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

function CannedCard({
  conversationId,
  language,
  onInsert,
}: {
  conversationId: string;
  language: string;
  onInsert: (text: string) => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [query, setQuery] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [missing, setMissing] = useState<string[]>([]);
  const responses = useResource(
    (signal) =>
      api
        .get<{
          cannedResponses: CannedResponse[];
        }>('desk', '/v1/canned-responses', { q: query.trim() || undefined }, signal)
        .then((answer) => answer.cannedResponses),
    [query.trim()],
  );
  // The customer's language first.
  const list = [...(responses.data ?? [])].sort(
    (a, b) => Number(b.language === language) - Number(a.language === language),
  );
  const pick = (response: CannedResponse) => {
    setError(null);
    api
      .get<{ text: string; missing: string[] }>(
        'desk',
        `/v1/canned-responses/${encodeURIComponent(response.id)}/render`,
        { conversationId },
      )
      .then((rendered) => {
        setMissing(rendered.missing);
        onInsert(rendered.text);
      })
      .catch((cause: Error) => setError(cause));
  };
  return (
    <section className="card ws-card" aria-labelledby="ws-canned-title">
      <h2 id="ws-canned-title">{t('workspace.canned.title')}</h2>
      <Field label={t('workspace.canned.search')}>
        {(id) => (
          <input
            id={id}
            type="search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        )}
      </Field>
      {responses.error && <ErrorNote error={responses.error} onRetry={responses.reload} />}
      {error && <ErrorNote error={error} />}
      {missing.length > 0 && (
        <p className="note ws-note-warn">
          {t('workspace.canned.missing', { names: missing.join(', ') })}
        </p>
      )}
      {list.length === 0 && !responses.loading ? (
        <Empty>{t('workspace.canned.none')}</Empty>
      ) : (
        <ul className="ws-canned">
          {list.map((response) => (
            <li key={response.id}>
              <button
                type="button"
                className="ws-canned-item"
                aria-label={t('workspace.canned.insert', { title: response.title })}
                onClick={() => pick(response)}
              >
                <span className="ws-mono">/{response.shortcut}</span> {response.title}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NotesCard({
  conversationId,
  notes,
  onAdded,
}: {
  conversationId: string;
  notes: Note[];
  onAdded: (note: Note) => void;
}) {
  const { t, time } = useI18n();
  const api = useApi();
  const [text, setText] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  return (
    <section className="card ws-card" aria-labelledby="ws-notes-title">
      <h2 id="ws-notes-title">{t('workspace.notes.title')}</h2>
      {notes.length === 0 ? (
        <Empty>{t('workspace.notes.none')}</Empty>
      ) : (
        <ul className="ws-notes">
          {notes.map((note) => (
            <li key={note.id}>
              <div className="ws-message-head">
                <strong>{note.authorName}</strong>
                <time dateTime={note.createdAt}>{time(note.createdAt)}</time>
              </div>
              <p>{note.text}</p>
            </li>
          ))}
        </ul>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!text.trim()) return;
          setSaving(true);
          setError(null);
          api
            .post<Note>('desk', `/v1/conversations/${encodeURIComponent(conversationId)}/notes`, {
              text: text.trim(),
            })
            .then((note) => {
              onAdded(note);
              setText('');
            })
            .catch((cause: Error) => setError(cause))
            .finally(() => setSaving(false));
        }}
      >
        <Field label={t('workspace.notes.label')} hint={t('workspace.notes.hint')}>
          {(id) => (
            <textarea
              id={id}
              rows={2}
              value={text}
              onChange={(event) => setText(event.target.value)}
            />
          )}
        </Field>
        {error && <ErrorNote error={error} />}
        <button type="submit" disabled={saving || !text.trim()}>
          {t('workspace.notes.add')}
        </button>
      </form>
    </section>
  );
}
