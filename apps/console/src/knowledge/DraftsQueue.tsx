// The review queue: drafts learned from conversations (source learned, review or corrected,
// still draft or in review), each with its source conversation, to publish, reject or edit.
import { useState } from 'react';
import { href } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Empty, ErrorNote, Loading } from '../ui/ui';
import { useResource } from '../app/use-resource';
import { DraftCard } from './DraftCard';
import { reviewQueue, type Article } from './model';
import { useKnowledge } from './use-knowledge';

interface Outcome {
  kind: 'published' | 'rejected';
  article: Article;
}

export function DraftsQueue() {
  const { t } = useI18n();
  const knowledge = useKnowledge();
  const drafts = useResource(
    async (signal) => {
      const [draft, review] = await Promise.all([
        knowledge.list({ status: 'draft' }, signal),
        knowledge.list({ status: 'in_review' }, signal),
      ]);
      return reviewQueue([...draft, ...review]);
    },
    [knowledge],
    { refreshMs: 5_000 },
  );
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const done = (kind: Outcome['kind'], article: Article) => {
    setOutcome({ kind, article });
    drafts.set((current) => current?.filter((candidate) => candidate.id !== article.id));
    drafts.reload();
  };

  return (
    <div className="drafts">
      <div className="panel-head">
        <p className="muted">{t('knowledge.drafts.intro')}</p>
        {drafts.data && drafts.data.length > 0 && (
          <span className="muted">
            {t('knowledge.drafts.count', { count: drafts.data.length })}
          </span>
        )}
      </div>
      <div role="status" className="outcome">
        {outcome && (
          <p className="note note-info">
            {t(
              outcome.kind === 'published'
                ? 'knowledge.drafts.published'
                : 'knowledge.drafts.rejected',
              { title: outcome.article.title },
            )}{' '}
            <a href={href('knowledge', 'articles', outcome.article.id)}>
              {t('knowledge.drafts.viewArticle')}
            </a>
          </p>
        )}
      </div>
      {drafts.error && <ErrorNote error={drafts.error} onRetry={drafts.reload} />}
      {!drafts.data && !drafts.error && <Loading />}
      {drafts.data && drafts.data.length === 0 && <Empty>{t('knowledge.drafts.none')}</Empty>}
      {drafts.data && drafts.data.length > 0 && (
        <ul className="draft-list">
          {drafts.data.map((article) => (
            <li key={article.id}>
              <DraftCard article={article} onDone={done} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
