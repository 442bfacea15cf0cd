// Labels for codes the APIs send (escalation reasons, review flags): a known code reads in
// the person's language, an unknown one is shown as sent.
import type { I18n } from '../i18n/i18n';
import { ESCALATION_REASONS } from '../i18n/codes';
import type { MessageKey } from '../i18n/messages';

const KNOWN_REASONS: ReadonlySet<string> = new Set(ESCALATION_REASONS);

export function reasonLabel(t: I18n['t'], code: string): string {
  return KNOWN_REASONS.has(code) ? t(`supervisor.reason.${code}` as MessageKey) : code;
}
