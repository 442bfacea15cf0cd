// All articles: search (title, body, questions), status and language filters, 20 a page.
import { useEffect, useState } from 'react';
import { href } from '../app/router';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Badge, Empty, ErrorNote, Field, Loading } from '../ui/ui';
import { localeKey, sourceKey, STATUS_TONE, statusKey } from './labels';
import {
  ARTICLE_SOURCES,
  ARTICLE_STATUSES,
  pageOf,
  type ArticleSource,
  type ArticleStatus,
} from './model';
import { Pager } from './Pager';
import { useKnowledge } from './use-knowledge';

const PAGE_SIZE = 20;
const LIST_CAP = 500;
const LOCALES = ['en', 'zh'];

export function ArticlesList() {
  const { t, time } = useI18n();
  const knowledge = useKnowledge();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<ArticleStatus | ''>('');
  const [locale, setLocale] = useState('');
  const [source, setSource] = useState<ArticleSource | ''>('');
  const [page, setPage] = useState(1);

  // Search as one types, once typing pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      setQ(typed.trim());
      setPage(1);
    }, 250);
    return () => clearTimeout(timer);
  }, [typed]);

  const articles = useResource(
    (signal) => knowledge.list({ q, status, locale, source }, signal),
    [knowledge, q, status, locale, source],
  );
  const shown = articles.data ? pageOf(articles.data, page, PAGE_SIZE) : null;

  return (
    <div className="articles">
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <Field label={t('knowledge.list.search')}>
          {(id) => (
            <input
              id={id}
              type="search"
              value={typed}
              placeholder={t('knowledge.list.searchHint')}
              onChange={(event) => setTyped(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('knowledge.list.status')}>
          {(id) => (
            <select
              id={id}
              value={status}
              onChange={(event) => {
                setStatus(event.target.value as ArticleStatus | '');
                setPage(1);
              }}
            >
              <option value="">{t('knowledge.list.any')}</option>
              {ARTICLE_STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(statusKey(value))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('knowledge.list.locale')}>
          {(id) => (
            <select
              id={id}
              value={locale}
              onChange={(event) => {
                setLocale(event.target.value);
                setPage(1);
              }}
            >
              <option value="">{t('knowledge.list.any')}</option>
              {LOCALES.map((value) => (
                <option key={value} value={value}>
                  {t(localeKey(value)!)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('knowledge.list.source')}>
          {(id) => (
            <select
              id={id}
              value={source}
              onChange={(event) => {
                setSource(event.target.value as ArticleSource | '');
                setPage(1);
              }}
            >
              <option value="">{t('knowledge.list.any')}</option>
              {ARTICLE_SOURCES.map((value) => (
                <option key={value} value={value}>
                  {t(sourceKey(value))}
                </option>
              ))}
            </select>
          )}
        </Field>
        <a
          className="button button-primary new-article"
          href={href('knowledge', 'articles', 'new')}
        >
          {t('knowledge.list.new')}
        </a>
      </form>

      {articles.error && <ErrorNote error={articles.error} onRetry={articles.reload} />}
      {!shown && !articles.error && <Loading />}
      {shown && shown.total === 0 && <Empty>{t('knowledge.list.none')}</Empty>}
      {shown && shown.total > 0 && (
        <>
          <div className="table-scroll" aria-busy={articles.loading}>
            <table className="article-table">
              <caption className="visually-hidden">{t('knowledge.list.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('knowledge.list.colTitle')}</th>
                  <th scope="col">{t('knowledge.list.colStatus')}</th>
                  <th scope="col">{t('knowledge.list.colLocale')}</th>
                  <th scope="col" className="col-source">
                    {t('knowledge.list.colSource')}
                  </th>
                  <th scope="col" className="number">
                    {t('knowledge.list.colQuestions')}
                  </th>
                  <th scope="col">{t('knowledge.list.colUpdated')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.items.map((article) => {
                  const name = localeKey(article.locale);
                  return (
                    <tr key={article.id}>
                      <td>
                        <a href={href('knowledge', 'articles', article.id)}>{article.title}</a>
                      </td>
                      <td>
                        <Badge tone={STATUS_TONE[article.status]}>
                          {t(statusKey(article.status))}
                        </Badge>
                      </td>
                      <td>{name ? t(name) : article.locale}</td>
                      <td className="col-source">{t(sourceKey(article.source))}</td>
                      <td className="number">{article.questions.length}</td>
                      <td>{time(article.updatedAt)}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <div className="list-foot">
            <span className="muted">{t('knowledge.list.count', { count: shown.total })}</span>
            {shown.total >= LIST_CAP && <span className="muted">{t('knowledge.list.capped')}</span>}
            <Pager page={shown.page} pages={shown.pages} onPage={setPage} />
          </div>
        </>
      )}
    </div>
  );
}
