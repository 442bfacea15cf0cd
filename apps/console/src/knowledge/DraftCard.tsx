// One draft in the review queue: what it says, where it came from, and the decision.
import { useId, useState } from 'react';
import { ApiError } from '../app/api';
import { href } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Badge, ErrorNote } from '../ui/ui';
import { sourceKey, STATUS_TONE, statusKey } from './labels';
import { Markdown } from './Markdown';
import type { Article } from './model';
import { SourceConversation } from './SourceConversation';
import { useKnowledge } from './use-knowledge';

export function DraftCard({
  article,
  onDone,
}: {
  article: Article;
  onDone: (kind: 'published' | 'rejected', article: Article) => void;
}) {
  const { t, time } = useI18n();
  const knowledge = useKnowledge();
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const run = async (kind: 'published' | 'rejected') => {
    setBusy(true);
    setError(null);
    try {
      // Fresh first: the version in the list may be older than the article's.
      const current = await knowledge.get(article.id);
      const result =
        kind === 'published'
          ? await knowledge.publish(current)
          : await knowledge.act(current, 'reject');
      onDone(kind, result);
    } catch (cause) {
      setError(cause instanceof Error ? cause : new ApiError(0, 'UNKNOWN', {}));
      setBusy(false);
    }
  };

  return (
    <article className="card draft" aria-labelledby={titleId} aria-busy={busy}>
      <header className="draft-head">
        <h2 id={titleId}>{article.title}</h2>
        <div className="draft-badges">
          <Badge tone={STATUS_TONE[article.status]}>{t(statusKey(article.status))}</Badge>
          <Badge tone="info">{t(sourceKey(article.source))}</Badge>
          <span className="muted">
            {article.locale} · {t('knowledge.drafts.created', { time: time(article.createdAt) })}
          </span>
        </div>
      </header>
      <div className="draft-columns">
        <div>
          <h3>{t('knowledge.drafts.answer')}</h3>
          <Markdown source={article.body} className="markdown draft-body" />
          <h3>{t('knowledge.drafts.questions')}</h3>
          {article.questions.length > 0 ? (
            <ul className="question-chips">
              {article.questions.map((question) => (
                <li key={question}>{question}</li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t('knowledge.editor.noQuestions')}</p>
          )}
        </div>
        <div>
          <h3>{t('knowledge.drafts.source')}</h3>
          {article.sourceConversationId ? (
            <SourceConversation id={article.sourceConversationId} />
          ) : (
            <p className="muted">{t('knowledge.drafts.noConversation')}</p>
          )}
        </div>
      </div>
      {error && <ErrorNote error={error} />}
      <div className="actions">
        <button
          type="button"
          className="button-primary"
          disabled={busy}
          onClick={() => void run('published')}
        >
          {t('knowledge.drafts.publish')}
        </button>
        <button
          type="button"
          className="button-danger"
          disabled={busy}
          onClick={() => void run('rejected')}
        >
          {t('knowledge.drafts.reject')}
        </button>
        <a className="button-link" href={href('knowledge', 'articles', article.id)}>
          {t('knowledge.drafts.edit')}
        </a>
        {busy && (
          <span className="muted" role="status">
            {t('knowledge.drafts.working')}
          </span>
        )}
      </div>
    </article>
  );
}
