// The agent's presence: shown, and switched (online, away, busy with a reason, offline).
import { useState } from 'react';
import { useApi } from '../app/session';
import { useI18n } from '../i18n/i18n';
import { ErrorNote, Field } from '../ui/ui';
import { presenceBody, presenceValue } from './presence';
import type { Me } from './types';

export function PresenceSwitch({
  me,
  busyStates,
  onChange,
}: {
  me: Me;
  busyStates: string[];
  onChange: (me: Me) => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [error, setError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  const value = presenceValue(me);

  const change = async (next: string) => {
    const body = presenceBody(next);
    if (!body) return;
    setSaving(true);
    setError(null);
    try {
      onChange(await api.put<Me>('desk', '/v1/agents/me/presence', body));
    } catch (cause) {
      setError(cause as Error);
    } finally {
      setSaving(false);
    }
  };

  const label =
    me.presence === 'busy' && me.busyState
      ? t('workspace.presence.busyState', { state: me.busyState })
      : t(`workspace.presence.${me.presence}`);
  return (
    <div className="ws-presence">
      <span className={`ws-presence-dot ws-presence-${me.presence}`} aria-hidden="true" />
      <Field label={t('workspace.presence.label')}>
        {(id) => (
          <select
            id={id}
            value={value}
            disabled={saving}
            onChange={(event) => void change(event.target.value)}
          >
            <option value="online">{t('workspace.presence.online')}</option>
            <option value="away">{t('workspace.presence.away')}</option>
            {busyStates.map((state) => (
              <option key={state} value={`busy:${state}`}>
                {t('workspace.presence.busyState', { state })}
              </option>
            ))}
            {me.presence === 'busy' && !busyStates.includes(me.busyState ?? '') && (
              <option value={value}>{label}</option>
            )}
            <option value="offline">{t('workspace.presence.offline')}</option>
          </select>
        )}
      </Field>
      <span className="visually-hidden" role="status" data-presence={me.presence}>
        {t('workspace.presence.current', { state: label })}
      </span>
      {error && <ErrorNote error={error} />}
    </div>
  );
}
