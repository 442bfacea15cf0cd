// The AI review queue: the bot's flagged answers (GET /v1/reviews), each judged Right or
// Wrong; Wrong asks for the correct answer, which becomes a knowledge draft
// (POST /v1/reviews/{id}/verdict). A judged answer leaves the queue.
import { useState } from 'react';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Empty, ErrorNote, Field, Loading } from '../ui/ui';
import { ReviewCard } from './ReviewCard';
import { REVIEW_REASONS, type ReviewItem, type ReviewPage, type ReviewReason } from './types';

export function ReviewsTab() {
  const { t, number } = useI18n();
  const api = useApi();
  const [reason, setReason] = useState<ReviewReason | ''>('');
  const [more, setMore] = useState<{ busy: boolean; error: Error | null }>({
    busy: false,
    error: null,
  });
  const [saved, setSaved] = useState(0);
  const page = useResource(
    (signal) =>
      api.get<ReviewPage>(
        'desk',
        '/v1/reviews',
        { status: 'pending', reason: reason || undefined, limit: 20 },
        signal,
      ),
    [reason],
  );
  const data = page.data;

  const loadMore = async () => {
    if (!data?.nextCursor) return;
    setMore({ busy: true, error: null });
    try {
      const next = await api.get<ReviewPage>('desk', '/v1/reviews', {
        status: 'pending',
        reason: reason || undefined,
        limit: 20,
        cursor: data.nextCursor,
      });
      page.set(
        (current) =>
          current && {
            ...next,
            items: [
              ...current.items,
              ...next.items.filter((item) => !current.items.some((seen) => seen.id === item.id)),
            ],
          },
      );
      setMore({ busy: false, error: null });
    } catch (error) {
      setMore({ busy: false, error: error as Error });
    }
  };

  const judged = (item: ReviewItem) => {
    setSaved((n) => n + 1);
    page.set(
      (current) =>
        current && {
          ...current,
          items: current.items.filter((candidate) => candidate.id !== item.id),
          total: Math.max(0, current.total - 1),
          counts: Object.fromEntries(
            REVIEW_REASONS.map((code) => [
              code,
              Math.max(0, current.counts[code] - (item.reasons.includes(code) ? 1 : 0)),
            ]),
          ) as ReviewPage['counts'],
        },
    );
  };

  return (
    <div className="reviews">
      <div className="toolbar">
        <Field label={t('supervisor.review.filter')}>
          {(id) => (
            <select
              id={id}
              value={reason}
              onChange={(event) => setReason(event.target.value as ReviewReason | '')}
            >
              <option value="">
                {t('supervisor.review.all', { count: number(data?.total ?? 0) })}
              </option>
              {REVIEW_REASONS.map((code) => (
                <option key={code} value={code}>
                  {t('supervisor.review.option', {
                    label: t(`supervisor.review.flag.${code}`),
                    count: number(data?.counts[code] ?? 0),
                  })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {data && (
          <span className="muted small">
            {t('supervisor.review.total', { count: number(data.total) })}
          </span>
        )}
        <button type="button" className="toolbar-end" onClick={page.reload} disabled={page.loading}>
          {t('common.refresh')}
        </button>
      </div>
      <p className="visually-hidden" role="status">
        {saved > 0 ? t('supervisor.review.saved') : ''}
      </p>
      {page.error && <ErrorNote error={page.error} onRetry={page.reload} />}
      {!data ? (
        !page.error && <Loading />
      ) : data.items.length === 0 ? (
        <Empty>{t('supervisor.review.empty')}</Empty>
      ) : (
        <ul className="review-list">
          {data.items.map((item) => (
            <ReviewCard key={item.id} item={item} onJudged={() => judged(item)} />
          ))}
        </ul>
      )}
      {more.error && <ErrorNote error={more.error} onRetry={() => void loadMore()} />}
      {data?.nextCursor && data.items.length > 0 && (
        <button type="button" onClick={() => void loadMore()} disabled={more.busy}>
          {t('supervisor.review.loadMore')}
        </button>
      )}
    </div>
  );
}
