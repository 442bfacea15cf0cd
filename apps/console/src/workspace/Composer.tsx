// The reply box: "Reply", "Send", Ctrl/⌘+Enter sends.
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { ErrorNote } from '../ui/ui';
import { isSendShortcut } from './shortcuts';

export const REPLY_ID = 'ws-reply';

export function Composer({
  text,
  onText,
  onSend,
}: {
  text: string;
  onText: (text: string) => void;
  onSend: (text: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const send = () => {
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    setError(null);
    onSend(body)
      .then(() => onText(''))
      .catch((cause: Error) => setError(cause))
      .finally(() => setSending(false));
  };
  return (
    <form
      className="ws-composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <label htmlFor={REPLY_ID}>{t('workspace.composer.label')}</label>
      <textarea
        id={REPLY_ID}
        rows={3}
        value={text}
        aria-describedby="ws-reply-hint"
        onChange={(event) => onText(event.target.value)}
        onKeyDown={(event) => {
          if (isSendShortcut(event)) {
            event.preventDefault();
            send();
          }
        }}
      />
      {error && <ErrorNote error={error} />}
      <div className="ws-composer-foot">
        <small id="ws-reply-hint" className="muted">
          {t('workspace.composer.hint')}
        </small>
        <button type="submit" className="button-primary" disabled={sending || !text.trim()}>
          {sending ? t('workspace.composer.sending') : t('workspace.composer.send')}
        </button>
      </div>
    </form>
  );
}
