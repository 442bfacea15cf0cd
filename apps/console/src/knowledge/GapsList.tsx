// Content gaps: what customers asked that the bot could not answer, most frequent first,
// with examples; write the missing article, or close the gap with the one that answers it.
import { useState } from 'react';
import { href } from '../app/router';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { Empty, ErrorNote, Field, Loading } from '../ui/ui';
import { CloseGapDialog } from './CloseGapDialog';
import { gapQuestion, type Gap } from './model';
import { useKnowledge } from './use-knowledge';

export function GapsList() {
  const { t } = useI18n();
  const knowledge = useKnowledge();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const gaps = useResource((signal) => knowledge.gaps(status, signal), [knowledge, status]);
  const [closing, setClosing] = useState<Gap | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  return (
    <div className="gaps">
      <div className="panel-head">
        <p className="muted">{t('knowledge.gaps.intro')}</p>
        <Field label={t('knowledge.gaps.show')}>
          {(id) => (
            <select
              id={id}
              value={status}
              onChange={(event) => setStatus(event.target.value as 'open' | 'closed')}
            >
              <option value="open">{t('knowledge.gaps.open')}</option>
              <option value="closed">{t('knowledge.gaps.closed')}</option>
            </select>
          )}
        </Field>
      </div>
      <p role="status" className="outcome">
        {notice && <span className="note note-info">{notice}</span>}
      </p>
      {gaps.error && <ErrorNote error={gaps.error} onRetry={gaps.reload} />}
      {!gaps.data && !gaps.error && <Loading />}
      {gaps.data && gaps.data.length === 0 && <Empty>{t('knowledge.gaps.none')}</Empty>}
      {gaps.data && gaps.data.length > 0 && (
        <ul className="gap-list">
          {gaps.data.map((gap) => (
            <li key={gap.id}>
              <GapCard gap={gap} onClose={() => setClosing(gap)} />
            </li>
          ))}
        </ul>
      )}
      <CloseGapDialog
        gap={closing}
        onCancel={() => setClosing(null)}
        onClosed={() => {
          setClosing(null);
          setNotice(t('knowledge.gaps.closedDone'));
          gaps.reload();
        }}
      />
    </div>
  );
}

function GapCard({ gap, onClose }: { gap: Gap; onClose: () => void }) {
  const { t, time, percent } = useI18n();
  const question = gapQuestion(gap);
  const writeHref = `${href('knowledge', 'articles', 'new')}?${new URLSearchParams({
    question,
    gap: gap.id,
  }).toString()}`;
  const titleId = `gap-${gap.id}`;

  return (
    <article className="card gap" aria-labelledby={titleId}>
      <header className="gap-head">
        <h2 id={titleId}>{question}</h2>
        <span className="gap-count">
          {gap.occurrences === 1
            ? t('knowledge.gaps.askedOnce')
            : t('knowledge.gaps.asked', { count: gap.occurrences })}
        </span>
      </header>
      <p className="muted">
        {t('knowledge.gaps.lastSeen', { time: time(gap.lastSeenAt) })}
        {gap.terms.length > 0 && (
          <>
            {' · '}
            {t('knowledge.gaps.terms', { terms: gap.terms.slice(0, 8).join(', ') })}
          </>
        )}
      </p>
      {gap.examples.length > 0 && (
        <>
          <h3>{t('knowledge.gaps.examples')}</h3>
          <ul className="gap-examples">
            {gap.examples.map((example, index) => (
              <li key={index}>
                <q>{example.text}</q>
                <span className="muted">
                  {t('knowledge.gaps.example', {
                    reason:
                      example.reason === 'deferred' || example.reason === 'low_confidence'
                        ? t(`knowledge.gaps.reason.${example.reason}`)
                        : example.reason,
                    confidence: percent(example.confidence),
                    time: time(example.at),
                  })}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="actions">
        {gap.status === 'open' ? (
          <>
            <a className="link-button button-primary" href={writeHref}>
              {t('knowledge.gaps.write')}
            </a>
            <button type="button" onClick={onClose}>
              {t('knowledge.gaps.close')}
            </button>
          </>
        ) : (
          gap.closedByArticleId && (
            <a href={href('knowledge', 'articles', gap.closedByArticleId)}>
              {t('knowledge.gaps.closedBy')}
            </a>
          )
        )}
      </div>
    </article>
  );
}
