// One article: load it (or start a new one), edit it, move it through the review workflow,
// and see its versions. The form is keyed by the article's version, so after a save, a
// transition or a rollback it starts again from what the service answered.
import { useState } from 'react';
import { href } from '../app/router';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, Loading } from '../ui/ui';
import { EditorForm } from './EditorForm';
import { guessLocale, type Article, type ArticleDraft } from './model';
import { useKnowledge } from './use-knowledge';
import { VersionsPanel } from './VersionsPanel';

export function ArticleEditor({ id, query }: { id: string; query: URLSearchParams }) {
  const { language } = useI18n();
  const gapId = query.get('gap');

  if (id === 'new') {
    const question = query.get('question')?.trim();
    const initial: ArticleDraft = {
      title: question ?? '',
      body: '',
      questions: question ? [question] : [],
      locale: query.get('locale') ?? guessLocale(question ?? '', language === 'zh' ? 'zh' : 'en'),
      tags: [],
      topic: null,
    };
    return (
      <div className="editor-page">
        <BackLink />
        <EditorForm article={null} initial={initial} gapId={gapId} />
      </div>
    );
  }
  return <ExistingArticle id={id} gapId={gapId} />;
}

function BackLink() {
  const { t } = useI18n();
  return (
    <p className="back">
      <a href={href('knowledge', 'articles')}>← {t('knowledge.editor.back')}</a>
    </p>
  );
}

function ExistingArticle({ id, gapId }: { id: string; gapId: string | null }) {
  const knowledge = useKnowledge();
  const [notice, setNotice] = useState<string | null>(null);
  const article = useResource((signal) => knowledge.get(id, signal), [knowledge, id]);
  const [versionsKey, setVersionsKey] = useState(0);
  const changed = (next: Article, message: string) => {
    article.set(() => next);
    setNotice(message);
    setVersionsKey((n) => n + 1);
  };
  const data = article.data;

  return (
    <div className="editor-page">
      <BackLink />
      <p role="status" className="editor-notice">
        {notice && <span className="note note-info">{notice}</span>}
      </p>
      {article.error && <ErrorNote error={article.error} onRetry={article.reload} />}
      {!data && !article.error && <Loading />}
      {data && (
        <div className="editor-layout">
          <EditorForm
            key={`${data.id}:${data.version}:${data.status}`}
            article={data}
            initial={data}
            gapId={gapId}
            onChanged={changed}
            onReload={article.reload}
          />
          <VersionsPanel key={versionsKey} article={data} onRolledBack={changed} />
        </div>
      )}
    </div>
  );
}
