// Closing a gap names the article that answers it (the API requires one): pick a published one.
import { useState } from 'react';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Dialog, ErrorNote, Field, Loading } from '../ui/ui';
import { gapQuestion, type Gap } from './model';
import { useKnowledge } from './use-knowledge';

export function CloseGapDialog({
  gap,
  onCancel,
  onClosed,
}: {
  gap: Gap | null;
  onCancel: () => void;
  onClosed: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog open={gap !== null} title={t('knowledge.gaps.closeTitle')} onClose={onCancel}>
      {gap && <CloseGapForm key={gap.id} gap={gap} onCancel={onCancel} onClosed={onClosed} />}
    </Dialog>
  );
}

function CloseGapForm({
  gap,
  onCancel,
  onClosed,
}: {
  gap: Gap;
  onCancel: () => void;
  onClosed: () => void;
}) {
  const { t } = useI18n();
  const knowledge = useKnowledge();
  const articles = useResource(
    (signal) => knowledge.list({ status: 'published' }, signal),
    [knowledge],
  );
  const [articleId, setArticleId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  return (
    <form
      className="close-gap"
      onSubmit={(event) => {
        event.preventDefault();
        if (!articleId) return;
        setBusy(true);
        setError(null);
        knowledge.closeGap(gap.id, articleId).then(onClosed, (cause: unknown) => {
          setError(cause instanceof Error ? cause : new Error(String(cause)));
          setBusy(false);
        });
      }}
    >
      <p>{t('knowledge.gaps.closeIntro', { question: gapQuestion(gap) })}</p>
      {articles.error && <ErrorNote error={articles.error} onRetry={articles.reload} />}
      {!articles.data && !articles.error && <Loading />}
      {articles.data && (
        <Field label={t('knowledge.gaps.article')}>
          {(id) => (
            <select
              id={id}
              value={articleId}
              required
              onChange={(event) => setArticleId(event.target.value)}
            >
              <option value="">{t('knowledge.gaps.pick')}</option>
              {articles.data!.map((article) => (
                <option key={article.id} value={article.id}>
                  {article.title} ({article.locale})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {error && <ErrorNote error={error} />}
      <div className="actions">
        <button type="submit" className="button-primary" disabled={busy || !articleId}>
          {t('knowledge.gaps.confirmClose')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
