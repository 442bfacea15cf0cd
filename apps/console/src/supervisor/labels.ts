// Labels for codes the APIs send (escalation reasons, review flags): a known code reads in
// the person's language, an unknown one is shown as sent.
import type { I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

const ESCALATION_REASONS = new Set([
  'EXPLICIT_REQUEST',
  'NEGATIVE_SENTIMENT',
  'SENTIMENT_WORSENING',
  'LOW_CONFIDENCE',
  'BOT_DEFERRED',
  'LOOPING',
  'TOO_MANY_TURNS',
  'TOO_LONG',
  'VIP',
  'TOPIC_RULE',
]);

export function reasonLabel(t: I18n['t'], code: string): string {
  return ESCALATION_REASONS.has(code) ? t(`supervisor.reason.${code}` as MessageKey) : code;
}
