// What the workspace's dialogs end with: the note for whoever reads it next, the API's
// error if any, and Cancel / the action (which needs the note).
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { ErrorNote, Field } from '../ui/ui';

export function NoteAndActions({
  label,
  hint,
  rows,
  note,
  onNote,
  error,
  saving,
  submit,
  onCancel,
}: {
  label: MessageKey;
  hint?: MessageKey;
  rows: number;
  note: string;
  onNote: (note: string) => void;
  error: Error | null;
  saving: boolean;
  submit: MessageKey;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      <Field label={t(label)} {...(hint ? { hint: t(hint) } : {})}>
        {(id) => (
          <textarea
            id={id}
            rows={rows}
            required
            value={note}
            onChange={(event) => onNote(event.target.value)}
          />
        )}
      </Field>
      {error && <ErrorNote error={error} />}
      <div className="ws-actions ws-dialog-actions">
        <button type="button" className="button-quiet" onClick={onCancel}>
          {t('workspace.cancel')}
        </button>
        <button type="submit" className="button-primary" disabled={saving || !note.trim()}>
          {t(submit)}
        </button>
      </div>
    </>
  );
}
