import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Field } from '../ui/ui';
import { LanguageSwitch } from './LanguageSwitch';
import { useSession } from './session';

export function Login() {
  const { t } = useI18n();
  const { login } = useSession();
  const [tenant, setTenant] = useState(() => localStorage.getItem('tandem.console.tenant') ?? '');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  return (
    <main className="login" id="main">
      <form
        className="card login-card"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setFailed(null);
          try {
            await login(tenant.trim(), email.trim(), password);
            localStorage.setItem('tandem.console.tenant', tenant.trim());
          } catch {
            setFailed(t('login.failed'));
          } finally {
            setBusy(false);
          }
        }}
      >
        <div className="login-head">
          <h1>{t('login.title')}</h1>
          <LanguageSwitch />
        </div>
        <Field label={t('login.tenant')}>
          {(id) => (
            <input
              id={id}
              name="tenant"
              required
              autoComplete="organization"
              value={tenant}
              onChange={(event) => setTenant(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('login.email')}>
          {(id) => (
            <input
              id={id}
              name="email"
              type="email"
              required
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field label={t('login.password')}>
          {(id) => (
            <input
              id={id}
              name="password"
              type="password"
              required
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          )}
        </Field>
        {failed && (
          <p className="note note-error" role="alert">
            {failed}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </main>
  );
}
