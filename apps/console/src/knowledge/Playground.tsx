// What the bot would answer, and why: the bot's playground (POST /v1/playground) runs the
// same responder as for a customer, without a conversation.
import { useId, useState } from 'react';
import { href } from '../app/router';
import { BOT_DEFERRAL_REASONS } from '../i18n/codes';
import { useI18n } from '../i18n/i18n';
import { Badge, ErrorNote, Field } from '../ui/ui';
import { Markdown } from './Markdown';
import { PLAYGROUND_CHANNELS, type PlaygroundChannel, type PlaygroundResult } from './model';
import { useKnowledge } from './use-knowledge';

export function Playground() {
  const { t } = useI18n();
  const knowledge = useKnowledge();
  const [question, setQuestion] = useState('');
  const [channel, setChannel] = useState<PlaygroundChannel>('webchat');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [result, setResult] = useState<{ question: string; result: PlaygroundResult } | null>(null);

  const ask = async () => {
    const text = question.trim();
    if (!text) return;
    setBusy(true);
    setError(null);
    try {
      setResult({ question: text, result: await knowledge.playground(text, channel) });
    } catch (cause) {
      setError(cause instanceof Error ? cause : new Error(String(cause)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="playground">
      <p className="muted">{t('knowledge.play.intro')}</p>
      <form
        className="card play-form"
        onSubmit={(event) => {
          event.preventDefault();
          void ask();
        }}
      >
        <Field label={t('knowledge.play.question')}>
          {(id) => (
            <textarea
              id={id}
              rows={3}
              maxLength={4000}
              value={question}
              onChange={(event) => setQuestion(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                  event.preventDefault();
                  void ask();
                }
              }}
            />
          )}
        </Field>
        <div className="play-controls">
          <Field label={t('knowledge.play.channel')} hint={t('knowledge.play.languageNote')}>
            {(id) => (
              <select
                id={id}
                value={channel}
                onChange={(event) => setChannel(event.target.value as PlaygroundChannel)}
              >
                {PLAYGROUND_CHANNELS.map((value) => (
                  <option key={value} value={value}>
                    {t(`knowledge.play.channel.${value}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" className="button-primary" disabled={busy || !question.trim()}>
            {busy ? t('knowledge.play.asking') : t('knowledge.play.ask')}
          </button>
        </div>
      </form>
      {error && <ErrorNote error={error} />}
      <div aria-live="polite">{result && <PlaygroundAnswer result={result.result} />}</div>
    </div>
  );
}

function PlaygroundAnswer({ result }: { result: PlaygroundResult }) {
  const { t, number, percent } = useI18n();
  const headingId = useId();
  const answers = result.decision === 'answer';
  const { analysis } = result;
  const signed = (value: number) => number(value, { maximumFractionDigits: 2 });

  return (
    <section className="card play-result" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('knowledge.play.result')}</h2>
      <div className="play-verdict">
        <Badge tone={answers ? 'good' : 'warn'}>
          {answers ? t('knowledge.play.answer') : t('knowledge.play.defer')}
        </Badge>
        <span className="confidence">
          <span>{t('knowledge.play.confidence')}</span>{' '}
          <strong>{percent(result.confidence)}</strong>
          <meter
            min={0}
            max={1}
            value={result.confidence}
            aria-label={t('knowledge.play.confidence')}
          />
        </span>
      </div>
      {!answers && result.reason && (
        <p>
          <strong>{t('knowledge.play.reason')}:</strong> {reasonText(t, result.reason)}
        </p>
      )}
      {result.answer ? (
        <div className="play-answer">
          <Markdown source={result.answer} />
        </div>
      ) : (
        <p className="muted">{t('knowledge.play.noAnswer')}</p>
      )}

      <div className="play-columns">
        <div>
          <h3>{t('knowledge.play.sources')}</h3>
          {result.sources.length === 0 ? (
            <p className="muted">{t('knowledge.play.noSources')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('knowledge.list.colTitle')}</th>
                  <th scope="col" className="number">
                    {t('knowledge.play.score')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {result.sources.map((source) => (
                  <tr key={source.articleId}>
                    <td>
                      <a href={href('knowledge', 'articles', source.articleId)}>{source.title}</a>
                    </td>
                    <td className="number">{number(source.score, { maximumFractionDigits: 3 })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
        <div>
          <h3>{t('knowledge.play.why')}</h3>
          <dl className="why">
            <dt>{t('knowledge.play.escalation')}</dt>
            <dd>{answers ? t('knowledge.play.noEscalation') : t('knowledge.play.escalates')}</dd>
            <dt>{t('knowledge.play.intent')}</dt>
            <dd>{analysis.intent ?? t('knowledge.play.none')}</dd>
            <dt>{t('knowledge.play.language')}</dt>
            <dd>{t(`knowledge.play.language.${analysis.language}`)}</dd>
            <dt>{t('knowledge.play.sentiment')}</dt>
            <dd>
              {t('knowledge.play.sentimentValue', {
                polarity: t(`knowledge.play.polarity.${analysis.sentiment.polarity}`),
                score: signed(analysis.sentiment.score),
                intensity: signed(analysis.sentiment.intensity),
              })}
            </dd>
            <dt>{t('knowledge.play.emotions')}</dt>
            <dd>
              {analysis.emotions.length === 0
                ? t('knowledge.play.none')
                : analysis.emotions
                    .map(
                      (emotion) =>
                        `${t(`knowledge.play.emotion.${emotion.emotion}`)} ${signed(emotion.score)}`,
                    )
                    .join(', ')}
            </dd>
            <dt>{t('knowledge.play.humanRequested')}</dt>
            <dd>{analysis.humanRequested ? t('common.yes') : t('common.no')}</dd>
            <dt>{t('knowledge.play.engine')}</dt>
            <dd>{t(`knowledge.play.provider.${result.provider}`)}</dd>
            {result.usage && (
              <>
                <dt>{t('knowledge.play.model')}</dt>
                <dd>{result.usage.model}</dd>
                <dt>{t('knowledge.play.tokens')}</dt>
                <dd>
                  {t('knowledge.play.tokensValue', {
                    prompt: result.usage.promptTokens,
                    completion: result.usage.completionTokens,
                    requests: result.usage.requests,
                  })}
                </dd>
              </>
            )}
            <dt>{t('knowledge.play.latency')}</dt>
            <dd>{t('knowledge.play.latencyValue', { ms: result.latencyMs })}</dd>
          </dl>
        </div>
      </div>
    </section>
  );
}

function reasonText(t: ReturnType<typeof useI18n>['t'], reason: string): string {
  const known = (BOT_DEFERRAL_REASONS as readonly string[]).includes(reason)
    ? (reason as (typeof BOT_DEFERRAL_REASONS)[number])
    : null;
  return known ? `${t(`knowledge.reason.${known}`)} (${reason})` : reason;
}
