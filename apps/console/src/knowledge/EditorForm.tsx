// The article's fields, the Markdown answer with its live preview, sample questions, save,
// and the status with the transitions it allows.
import { useId, useState } from 'react';
import { ApiError } from '../app/api';
import { href } from '../app/router';
import { useI18n } from '../i18n/i18n';
import { Badge, ErrorNote, Field } from '../ui/ui';
import { localeKey, sourceKey, STATUS_TONE, statusKey } from './labels';
import { Markdown } from './Markdown';
import {
  allowedActions,
  changedFields,
  parseTags,
  type Article,
  type ArticleAction,
  type ArticleDraft,
} from './model';
import { QuestionsEditor } from './QuestionsEditor';
import { useKnowledge } from './use-knowledge';

const LOCALES = ['en', 'zh'];

export function EditorForm({
  article,
  initial,
  gapId,
  onChanged,
  onReload,
}: {
  article: Article | null;
  initial: ArticleDraft;
  gapId: string | null;
  onChanged?: (article: Article, message: string) => void;
  onReload?: () => void;
}) {
  const { t, time } = useI18n();
  const knowledge = useKnowledge();
  const headingId = useId();
  const [draft, setDraft] = useState<ArticleDraft>(() => ({
    title: initial.title,
    body: initial.body,
    questions: [...initial.questions],
    locale: initial.locale,
    tags: [...initial.tags],
    topic: initial.topic,
  }));
  const [tagsText, setTagsText] = useState(initial.tags.join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const current: ArticleDraft = { ...draft, tags: parseTags(tagsText) };
  const changes = article ? changedFields(article, current) : null;
  const dirty = article ? Object.keys(changes!).length > 0 : true;
  const complete = draft.title.trim() && draft.body.trim() && draft.locale.trim();

  const update = <K extends keyof ArticleDraft>(key: K, value: ArticleDraft[K]) =>
    setDraft((previous) => ({ ...previous, [key]: value }));

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (cause) {
      setError(cause instanceof Error ? cause : new Error(String(cause)));
    } finally {
      setBusy(false);
    }
  };

  const save = () =>
    attempt(async () => {
      if (!complete) {
        setNotice(t('knowledge.editor.required'));
        return;
      }
      if (!article) {
        const created = await knowledge.create(changedFields(EMPTY, current) as ArticleDraft);
        const suffix = gapId ? `?gap=${encodeURIComponent(gapId)}` : '';
        window.location.hash = `${href('knowledge', 'articles', created.id)}${suffix}`;
        return;
      }
      if (!dirty) {
        setNotice(t('knowledge.editor.unchanged'));
        return;
      }
      const saved = await knowledge.update(article, changes!);
      onChanged?.(saved, t('knowledge.editor.saved', { version: saved.version }));
    });

  const act = (action: ArticleAction) =>
    attempt(async () => {
      const moved = await knowledge.act(article!, action);
      onChanged?.(moved, t('knowledge.editor.moved', { status: t(statusKey(moved.status)) }));
    });

  const closeGap = () =>
    attempt(async () => {
      await knowledge.closeGap(gapId!, article!.id);
      // The gap is done: leave its mark off the route, and say so above the form.
      window.location.hash = href('knowledge', 'articles', article!.id);
      onChanged?.(article!, t('knowledge.editor.gapClosed'));
    });

  const conflict = error instanceof ApiError && error.code === 'KNOWLEDGE.VERSION_CONFLICT';
  const localeOptions = LOCALES.includes(draft.locale) ? LOCALES : [...LOCALES, draft.locale];

  return (
    <form
      className="editor card"
      aria-labelledby={headingId}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      onKeyDown={(event) => {
        if (event.key.toLowerCase() === 's' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          if (!busy) void save();
        }
      }}
    >
      <header className="editor-head">
        <div>
          <h2 id={headingId}>{article ? article.title : t('knowledge.editor.newTitle')}</h2>
          {article && (
            <p className="muted">
              {t('knowledge.editor.meta', {
                version: article.version,
                source: t(sourceKey(article.source)),
                time: time(article.updatedAt),
              })}
              {article.sourceConversationId && (
                <>
                  {' · '}
                  <a href={href('workspace', 'c', article.sourceConversationId)}>
                    {t('knowledge.editor.fromConversation')}
                  </a>
                </>
              )}
            </p>
          )}
        </div>
        {article && (
          <div className="status-bar" role="group" aria-label={t('knowledge.editor.status')}>
            <Badge tone={STATUS_TONE[article.status]}>{t(statusKey(article.status))}</Badge>
            {allowedActions(article.status).map((action) => (
              <button
                key={action}
                type="button"
                className={
                  action === 'publish'
                    ? 'button-primary'
                    : action === 'reject' || action === 'retire'
                      ? 'button-danger'
                      : undefined
                }
                disabled={busy || dirty}
                onClick={() => void act(action)}
              >
                {t(`knowledge.action.${action}`)}
              </button>
            ))}
          </div>
        )}
      </header>
      {article && dirty && <p className="muted save-first">{t('knowledge.editor.saveFirst')}</p>}
      {gapId && (
        <div className="note note-info gap-note">
          <span>{t('knowledge.editor.gapNote')}</span>
          {article && (
            <button
              type="button"
              className="button-link"
              disabled={busy}
              onClick={() => void closeGap()}
            >
              {t('knowledge.editor.closeGap')}
            </button>
          )}
        </div>
      )}

      <div className="editor-meta">
        <Field label={t('knowledge.editor.title')}>
          {(id) => (
            <input
              id={id}
              value={draft.title}
              required
              maxLength={500}
              onChange={(event) => update('title', event.target.value)}
            />
          )}
        </Field>
        <Field label={t('knowledge.editor.locale')}>
          {(id) => (
            <select
              id={id}
              value={draft.locale}
              onChange={(event) => update('locale', event.target.value)}
            >
              {localeOptions.map((value) => {
                const name = localeKey(value);
                return (
                  <option key={value} value={value}>
                    {name ? `${t(name)} (${value})` : value}
                  </option>
                );
              })}
            </select>
          )}
        </Field>
        <Field label={t('knowledge.editor.topic')}>
          {(id) => (
            <input
              id={id}
              value={draft.topic ?? ''}
              maxLength={200}
              onChange={(event) => update('topic', event.target.value)}
            />
          )}
        </Field>
        <Field label={t('knowledge.editor.tags')} hint={t('knowledge.editor.tagsHint')}>
          {(id) => (
            <input id={id} value={tagsText} onChange={(event) => setTagsText(event.target.value)} />
          )}
        </Field>
      </div>

      <div className="editor-body">
        <Field label={t('knowledge.editor.body')} hint={t('knowledge.editor.bodyHint')}>
          {(id) => (
            <textarea
              id={id}
              value={draft.body}
              required
              rows={16}
              maxLength={20_000}
              spellCheck
              onChange={(event) => update('body', event.target.value)}
            />
          )}
        </Field>
        <section className="preview" aria-label={t('knowledge.editor.preview')}>
          <h3 className="preview-label">{t('knowledge.editor.preview')}</h3>
          {draft.body.trim() ? (
            <Markdown source={draft.body} />
          ) : (
            <p className="muted">{t('knowledge.editor.previewEmpty')}</p>
          )}
        </section>
      </div>

      <QuestionsEditor questions={draft.questions} onChange={(next) => update('questions', next)} />

      {error && <ErrorNote error={error} />}
      {conflict && onReload && (
        <p className="note note-info">
          <span>{t('knowledge.editor.conflict')}</span>
          <button type="button" className="button-link" onClick={onReload}>
            {t('knowledge.editor.reload')}
          </button>
        </p>
      )}
      <div className="actions editor-actions">
        <button
          type="submit"
          className="button-primary"
          disabled={busy || (article !== null && !dirty)}
        >
          {busy
            ? t('knowledge.editor.saving')
            : article
              ? t('knowledge.editor.save')
              : t('knowledge.editor.create')}
        </button>
        {article && dirty && <span className="muted">{t('knowledge.editor.unsaved')}</span>}
        <span className="muted shortcut">
          <kbd>{t('knowledge.editor.shortcut')}</kbd>
        </span>
        <span role="status" className="muted">
          {notice}
        </span>
      </div>
    </form>
  );
}

const EMPTY: ArticleDraft = {
  title: '',
  body: '',
  questions: [],
  locale: '',
  tags: [],
  topic: null,
};
