// Where a learned draft came from: a link to the conversation in the desk, its handoff
// summary, the wrap-up note and the first customer and agent messages.
import { href } from '../app/router';
import { useResource } from '../app/use-resource';
import { useI18n } from '../i18n/i18n';
import { ErrorNote } from '../ui/ui';
import { useKnowledge } from './use-knowledge';

const EXCERPT_MESSAGES = 4;

export function SourceConversation({ id }: { id: string }) {
  const { t } = useI18n();
  const knowledge = useKnowledge();
  const conversation = useResource((signal) => knowledge.conversation(id, signal), [id]);
  const data = conversation.data;
  const excerpt = (data?.messages ?? [])
    .filter((message) => message.role !== 'bot')
    .slice(0, EXCERPT_MESSAGES);

  return (
    <div className="source-conversation">
      <a href={href('workspace', 'c', id)}>
        {t('knowledge.drafts.openConversation', { id: id.slice(0, 8) })}
      </a>
      {conversation.error && <ErrorNote error={conversation.error} />}
      {data?.handoff?.summary && (
        <>
          <h4>{t('knowledge.drafts.summary')}</h4>
          <p>{data.handoff.summary}</p>
        </>
      )}
      {data?.wrapUp?.note && (
        <>
          <h4>{t('knowledge.drafts.wrapUp')}</h4>
          <p>{data.wrapUp.note}</p>
        </>
      )}
      {excerpt.length > 0 && (
        <>
          <h4>{t('knowledge.drafts.excerpt')}</h4>
          <ol className="excerpt">
            {excerpt.map((message) => (
              <li key={message.id} className={`excerpt-${message.role}`}>
                <span className="excerpt-role">{t(`knowledge.drafts.role.${message.role}`)}</span>
                <span>{message.text}</span>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
