// Transfer: to a queue or to an agent, with a note for whoever takes it next.
import { useState } from 'react';
import { useApi } from '../app/session';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { NoteAndActions } from './DialogParts';
import { Dialog, Field } from '../ui/ui';

/** GET /v1/transfer-targets: the queues and the colleagues (online first). */
interface TransferTargets {
  queues: { name: string; waiting: number; open: boolean }[];
  agents: { id: string; name: string; presence: string; languages: string[] }[];
}

export function TransferDialog({
  conversationId,
  currentQueue,
  agentId,
  open,
  onClose,
  onTransferred,
}: {
  conversationId: string;
  currentQueue: string;
  agentId: string;
  open: boolean;
  onClose: () => void;
  onTransferred: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog open={open} title={t('workspace.transfer.title')} onClose={onClose}>
      <TransferForm
        conversationId={conversationId}
        currentQueue={currentQueue}
        agentId={agentId}
        onClose={onClose}
        onTransferred={onTransferred}
      />
    </Dialog>
  );
}

function TransferForm({
  conversationId,
  currentQueue,
  agentId,
  onClose,
  onTransferred,
}: {
  conversationId: string;
  currentQueue: string;
  agentId: string;
  onClose: () => void;
  onTransferred: () => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  // Where it can go; if that cannot be read, the agent still types a queue's name.
  const targets = useResource(
    (signal) =>
      api.get<TransferTargets>('desk', '/v1/transfer-targets', undefined, signal).catch(() => null),
    [],
  );
  const queues = { data: targets.data?.queues.map((queue) => queue.name) ?? null };
  const agents = {
    data: targets.data?.agents.filter((colleague) => colleague.id !== agentId) ?? null,
  };
  const [target, setTarget] = useState<'queue' | 'agent'>('queue');
  const [queue, setQueue] = useState(currentQueue);
  const [toAgent, setToAgent] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  const agentList = agents.data ?? null;
  const presenceLabel = (presence: string) =>
    ['online', 'away', 'busy', 'offline'].includes(presence)
      ? t(`workspace.presence.${presence as 'online' | 'away' | 'busy' | 'offline'}`)
      : presence;
  const chosenAgent = toAgent || agentList?.[0]?.id || '';
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setSaving(true);
        setError(null);
        const body =
          target === 'agent' && chosenAgent
            ? { toAgentId: chosenAgent, note: note.trim() }
            : { toQueue: queue.trim() || currentQueue, note: note.trim() };
        api
          .post('desk', `/v1/conversations/${encodeURIComponent(conversationId)}/transfer`, body)
          .then(() => onTransferred())
          .catch((cause: Error) => setError(cause))
          .finally(() => setSaving(false));
      }}
    >
      {agentList && agentList.length > 0 && (
        <fieldset className="ws-choice">
          <legend>{t('workspace.transfer.to')}</legend>
          <label>
            <input
              type="radio"
              name="ws-transfer-target"
              checked={target === 'queue'}
              onChange={() => setTarget('queue')}
            />{' '}
            {t('workspace.transfer.toQueue')}
          </label>
          <label>
            <input
              type="radio"
              name="ws-transfer-target"
              checked={target === 'agent'}
              onChange={() => setTarget('agent')}
            />{' '}
            {t('workspace.transfer.toAgent')}
          </label>
        </fieldset>
      )}
      {target === 'queue' ? (
        <Field label={t('workspace.transfer.queue')}>
          {(id) =>
            queues.data && queues.data.length > 0 ? (
              <select id={id} value={queue} onChange={(event) => setQueue(event.target.value)}>
                {[...new Set([currentQueue, ...queues.data])].map((name) => (
                  <option key={name} value={name}>
                    {name}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={id}
                value={queue}
                pattern="[a-z0-9][a-z0-9_\-]*"
                onChange={(event) => setQueue(event.target.value)}
              />
            )
          }
        </Field>
      ) : (
        <Field label={t('workspace.transfer.agent')}>
          {(id) => (
            <select
              id={id}
              value={chosenAgent}
              onChange={(event) => setToAgent(event.target.value)}
            >
              {(agentList ?? []).map((agent) => (
                <option key={agent.id} value={agent.id}>
                  {agent.name} ({presenceLabel(agent.presence)})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <NoteAndActions
        label="workspace.transfer.note"
        rows={3}
        note={note}
        onNote={setNote}
        error={error}
        saving={saving}
        submit="workspace.transfer.submit"
        onCancel={onClose}
      />
    </form>
  );
}
