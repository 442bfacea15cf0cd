// Message keys for the desk's codes (channel, language, reasons, status): one place, typed.
import { ESCALATION_REASONS } from '../i18n/codes';
import type { MessageKey } from '../i18n/messages';

const CHANNELS = ['generic', 'webchat', 'wechat', 'sms', 'email'] as const;
const LANGUAGES = ['zh', 'en', 'other'] as const;

export function channelKey(type: string | null | undefined): MessageKey {
  return (CHANNELS as readonly string[]).includes(type ?? '')
    ? (`workspace.channel.${type}` as MessageKey)
    : 'workspace.channel.unknown';
}

export function languageKey(language: string | null | undefined): MessageKey | null {
  return (LANGUAGES as readonly string[]).includes(language ?? '')
    ? (`workspace.language.${language}` as MessageKey)
    : null;
}

/** A reason's label key, or null for a code this console does not know (show its detail). */
export function reasonKey(code: string): MessageKey | null {
  return (ESCALATION_REASONS as readonly string[]).includes(code)
    ? (`workspace.reason.${code}` as MessageKey)
    : null;
}

const PRIORITIES = ['low', 'high', 'urgent'] as const;

/** The priority's word (normal is not shown), or the code as sent. */
export function priorityKey(priority: string): MessageKey | null {
  return (PRIORITIES as readonly string[]).includes(priority)
    ? (`workspace.priority.${priority}` as MessageKey)
    : null;
}
