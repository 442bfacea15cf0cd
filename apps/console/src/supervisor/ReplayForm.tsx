// Start a replay: the candidate is the current policy, a published version, or a draft
// (a policy document in JSON, validated by the router like PUT /v1/policies).
import { useId, useState } from 'react';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { ErrorNote } from '../ui/ui';
import { replayRequest } from './replay-model';
import type { PolicyVersion, ReplayJob } from './types';

type Kind = 'current' | 'version' | 'draft';

export function ReplayForm({ onStarted }: { onStarted: (job: ReplayJob) => void }) {
  const { t, time } = useI18n();
  const api = useApi();
  const id = useId();
  const [kind, setKind] = useState<Kind>('current');
  const [version, setVersion] = useState<number | null>(null);
  const [draft, setDraft] = useState('{}');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const versions = useResource(
    (signal) =>
      api
        .get<{ versions: PolicyVersion[] }>('router', '/v1/policies/versions', undefined, signal)
        .then((body) => body.versions),
    [],
  );
  const chosenVersion = version ?? versions.data?.[0]?.version ?? null;

  const submit = async () => {
    const request = replayRequest(
      kind === 'current'
        ? { kind }
        : kind === 'version'
          ? { kind, version: chosenVersion ?? 1 }
          : { kind, text: draft },
    );
    if (!request.ok) {
      setInvalid(t('supervisor.replay.draftInvalid', { message: request.message }));
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      const job = await api.post<ReplayJob>('router', '/v1/replays', request.body);
      onStarted(job);
    } catch (cause) {
      setError(cause as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card replay-form" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('supervisor.replay.start')}</h2>
      <p className="muted small">{t('supervisor.replay.scope')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <fieldset className="choices">
          <legend>{t('supervisor.replay.candidate')}</legend>
          {(['current', 'version', 'draft'] as const).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name={`${id}-kind`}
                value={option}
                checked={kind === option}
                onChange={() => setKind(option)}
              />{' '}
              {t(
                option === 'current'
                  ? 'supervisor.replay.useCurrent'
                  : option === 'version'
                    ? 'supervisor.replay.useVersion'
                    : 'supervisor.replay.useDraft',
              )}
            </label>
          ))}
        </fieldset>
        {kind === 'version' && (
          <div className="field">
            <label htmlFor={`${id}-v`}>{t('supervisor.replay.version')}</label>
            {versions.error && <ErrorNote error={versions.error} onRetry={versions.reload} />}
            <select
              id={`${id}-v`}
              value={chosenVersion ?? ''}
              onChange={(event) => setVersion(Number(event.target.value))}
            >
              {(versions.data ?? []).map((entry) => (
                <option key={entry.version} value={entry.version}>
                  {entry.isDefault
                    ? t('supervisor.replay.defaultOption', { version: entry.version })
                    : t('supervisor.replay.versionOption', {
                        version: entry.version,
                        time: time(entry.createdAt),
                      })}
                </option>
              ))}
            </select>
          </div>
        )}
        {kind === 'draft' && (
          <div className="field">
            <label htmlFor={`${id}-d`}>{t('supervisor.replay.draft')}</label>
            <textarea
              id={`${id}-d`}
              className="code"
              rows={6}
              spellCheck={false}
              value={draft}
              aria-invalid={invalid ? true : undefined}
              aria-describedby={`${id}-dh`}
              onChange={(event) => setDraft(event.target.value)}
            />
            <small id={`${id}-dh`} className="muted">
              {t('supervisor.replay.draftHint')}
            </small>
          </div>
        )}
        {invalid && (
          <p className="note note-error" role="alert">
            {invalid}
          </p>
        )}
        {error && <ErrorNote error={error} />}
        <button type="submit" className="button-primary" disabled={busy}>
          {t('supervisor.replay.submit')}
        </button>
      </form>
    </section>
  );
}
