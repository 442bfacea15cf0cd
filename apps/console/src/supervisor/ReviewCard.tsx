// One flagged answer: the question, the bot's answer, confidence, why it was flagged and
// its sources; the verdict buttons (Wrong opens the "Correct answer" field).
import { useId, useState } from 'react';
import { useApi } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { Badge, ErrorNote } from '../ui/ui';
import type { ReviewItem } from './types';

export function ReviewCard({ item, onJudged }: { item: ReviewItem; onJudged: () => void }) {
  const { t, time, percent, number } = useI18n();
  const api = useApi();
  const id = useId();
  const [wrong, setWrong] = useState(false);
  const [correction, setCorrection] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const send = async (body: { verdict: 'right' } | { verdict: 'wrong'; correction: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.post('desk', `/v1/reviews/${encodeURIComponent(item.id)}/verdict`, body);
      onJudged();
    } catch (cause) {
      setError(cause as Error);
      setBusy(false);
    }
  };

  const confidenceTone = item.confidence < 0.5 ? 'bad' : item.confidence < 0.75 ? 'warn' : 'good';
  return (
    <li className="review card" aria-labelledby={`${id}-h`} data-review={item.id}>
      <div className="review-head">
        <h2 id={`${id}-h`} className="review-title">
          {t('supervisor.review.item', { time: time(item.answeredAt) })}
        </h2>
        <span>
          <span className="muted small">{t('supervisor.review.confidence')} </span>
          <Badge tone={confidenceTone}>{percent(item.confidence)}</Badge>
        </span>
      </div>
      <dl className="review-body">
        <dt>{t('supervisor.review.question')}</dt>
        <dd lang={item.language === 'other' ? undefined : item.language}>
          {item.question || <span className="muted">{t('supervisor.review.noQuestion')}</span>}
        </dd>
        <dt>{t('supervisor.review.answer')}</dt>
        <dd className="review-answer" lang={item.language === 'other' ? undefined : item.language}>
          {item.answer}
        </dd>
        <dt>{t('supervisor.review.why')}</dt>
        <dd className="badges">
          {item.reasons.map((reason) => (
            <Badge key={reason} tone={reason === 'SAMPLED' ? 'info' : 'warn'}>
              {t(`supervisor.review.flag.${reason}`)}
            </Badge>
          ))}
          {item.rating && (
            <span className="muted small">
              {t('supervisor.review.rating')}: {t(`supervisor.review.rating.${item.rating}`)}
            </span>
          )}
        </dd>
        <dt>{t('supervisor.review.sources')}</dt>
        <dd>
          {item.sources.length === 0 ? (
            <span className="muted">{t('supervisor.review.noSources')}</span>
          ) : (
            <ul className="sources">
              {item.sources.map((source) => (
                <li key={source.articleId}>
                  {source.title}{' '}
                  <span className="muted small">
                    {t('supervisor.review.score', {
                      score: number(source.score, { maximumFractionDigits: 2 }),
                    })}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {error && <ErrorNote error={error} />}
      {!wrong ? (
        <div className="verdicts" role="group" aria-label={t('supervisor.review.verdictLabel')}>
          <button
            type="button"
            className="button-primary"
            disabled={busy}
            onClick={() => void send({ verdict: 'right' })}
          >
            {t('supervisor.review.right')}
          </button>
          <button type="button" disabled={busy} onClick={() => setWrong(true)}>
            {t('supervisor.review.wrong')}
          </button>
        </div>
      ) : (
        <form
          className="correction"
          onSubmit={(event) => {
            event.preventDefault();
            if (correction.trim()) void send({ verdict: 'wrong', correction: correction.trim() });
          }}
        >
          <label htmlFor={`${id}-c`}>{t('supervisor.review.correct')}</label>
          <textarea
            id={`${id}-c`}
            rows={4}
            required
            maxLength={20000}
            autoFocus
            aria-describedby={`${id}-hint`}
            value={correction}
            onChange={(event) => setCorrection(event.target.value)}
          />
          <small id={`${id}-hint`} className="muted">
            {t('supervisor.review.correctHint')}
          </small>
          <div className="verdicts">
            <button type="submit" className="button-primary" disabled={busy || !correction.trim()}>
              {t('supervisor.review.send')}
            </button>
            <button
              type="button"
              disabled={busy}
              onClick={() => {
                setWrong(false);
                setCorrection('');
              }}
            >
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
