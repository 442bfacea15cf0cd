// Resolve with a wrap-up: a code (when the tenant has any) and a note.
import { useState } from 'react';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { NoteAndActions } from './DialogParts';
import { Dialog, ErrorNote, Field, Loading } from '../ui/ui';
import type { WrapUpCode } from './types';

/** The code sent when the tenant defined none (the desk accepts any then). */
export const DEFAULT_WRAP_UP_CODE = 'resolved';

export function ResolveDialog({
  conversationId,
  open,
  onClose,
  onResolved,
}: {
  conversationId: string;
  open: boolean;
  onClose: () => void;
  onResolved: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog open={open} title={t('workspace.resolve.title')} onClose={onClose}>
      <ResolveForm conversationId={conversationId} onClose={onClose} onResolved={onResolved} />
    </Dialog>
  );
}

function ResolveForm({
  conversationId,
  onClose,
  onResolved,
}: {
  conversationId: string;
  onClose: () => void;
  onResolved: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const codes = useResource(
    (signal) =>
      api
        .get<{ wrapUpCodes: WrapUpCode[] }>('desk', '/v1/wrap-up-codes', undefined, signal)
        .then((answer) => answer.wrapUpCodes.filter((code) => code.active)),
    [],
  );
  const [code, setCode] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  if (!codes.data && codes.loading) return <Loading />;
  const active = codes.data ?? [];
  const chosen = code || active[0]?.code || DEFAULT_WRAP_UP_CODE;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setSaving(true);
        setError(null);
        api
          .post('desk', `/v1/conversations/${encodeURIComponent(conversationId)}/resolve`, {
            wrapUpCode: chosen,
            note: note.trim(),
          })
          .then(() => onResolved())
          .catch((cause: Error) => setError(cause))
          .finally(() => setSaving(false));
      }}
    >
      {codes.error && <ErrorNote error={codes.error} onRetry={codes.reload} />}
      {active.length > 0 && (
        <Field label={t('workspace.resolve.code')}>
          {(id) => (
            <select id={id} value={chosen} onChange={(event) => setCode(event.target.value)}>
              {active.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <NoteAndActions
        label="workspace.resolve.note"
        hint="workspace.resolve.noteHint"
        rows={4}
        note={note}
        onNote={setNote}
        error={error}
        saving={saving}
        submit="workspace.resolve.submit"
        onCancel={onClose}
      />
    </form>
  );
}
