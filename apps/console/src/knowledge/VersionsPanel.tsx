// An article's versions, newest first: view one (its content, rendered) and roll back to it.
import { useState } from 'react';
import { useResource } from '../app/use-resource';
import { useAgent } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, Loading } from '../ui/ui';
import { Markdown } from './Markdown';
import { actorName, type Article, type ArticleVersion } from './model';
import { useKnowledge } from './use-knowledge';

export function VersionsPanel({
  article,
  onRolledBack,
}: {
  article: Article;
  onRolledBack: (article: Article, message: string) => void;
}) {
  const { t, time } = useI18n();
  const knowledge = useKnowledge();
  const me = useAgent();
  const versions = useResource((signal) => knowledge.versions(article.id, signal), [article.id]);
  const [viewing, setViewing] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const shown = versions.data?.find((version) => version.version === viewing) ?? null;

  const rollback = async (version: ArticleVersion) => {
    setBusy(true);
    setError(null);
    try {
      const next = await knowledge.rollback(article, version.version);
      onRolledBack(next, t('knowledge.versions.rolledBack', { version: next.version }));
    } catch (cause) {
      setError(cause instanceof Error ? cause : new Error(String(cause)));
      setBusy(false);
    }
  };

  return (
    <aside className="versions card" aria-labelledby="versions-title">
      <h2 id="versions-title">{t('knowledge.versions.title')}</h2>
      {versions.error && <ErrorNote error={versions.error} onRetry={versions.reload} />}
      {!versions.data && !versions.error && <Loading />}
      {versions.data && (
        <ol className="version-list">
          {versions.data.map((version) => (
            <li key={version.version}>
              <button
                type="button"
                className="button-link"
                aria-pressed={viewing === version.version}
                aria-label={t('knowledge.versions.view', { version: version.version })}
                onClick={() => setViewing(viewing === version.version ? null : version.version)}
              >
                {t('knowledge.versions.line', {
                  version: version.version,
                  change:
                    version.change === 'rolled_back'
                      ? t('knowledge.versions.change.rolled_back', {
                          from: version.rolledBackFrom ?? '?',
                        })
                      : t(`knowledge.versions.change.${version.change}`),
                  actor: actorName(version.actor, me),
                  time: time(version.createdAt),
                })}
              </button>
              {version.version === article.version && (
                <span className="badge badge-good">{t('knowledge.versions.current')}</span>
              )}
            </li>
          ))}
        </ol>
      )}
      {error && <ErrorNote error={error} />}
      {shown && (
        <section
          className="version-view"
          aria-label={t('knowledge.versions.viewing', { version: shown.version })}
        >
          <h3>
            {t('knowledge.versions.viewing', { version: shown.version })}: {shown.title}
          </h3>
          <p className="muted">
            {shown.locale}
            {shown.topic ? ` · ${shown.topic}` : ''}
            {shown.tags.length ? ` · ${shown.tags.join(', ')}` : ''}
          </p>
          <Markdown source={shown.body} />
          {shown.questions.length > 0 && (
            <ul className="question-chips">
              {shown.questions.map((question) => (
                <li key={question}>{question}</li>
              ))}
            </ul>
          )}
          <div className="actions">
            {shown.version !== article.version && (
              <button type="button" disabled={busy} onClick={() => void rollback(shown)}>
                {t('knowledge.versions.rollback', { version: shown.version })}
              </button>
            )}
            <button type="button" className="button-quiet" onClick={() => setViewing(null)}>
              {t('knowledge.versions.close')}
            </button>
          </div>
        </section>
      )}
    </aside>
  );
}
