/** What the bot knows of a queued conversation's wait; null fields are unknown. */
export interface WaitFacts {
  /** 1 = next. */
  position: number | null;
  estimatedWaitSeconds: number | null;
  agentsOnline: number | null;
  /** What the tenant's policy offers while nobody is online (absent: they just wait). */
  noAgentOnline?: 'queue' | 'callback' | 'message';
}

export const UNKNOWN_WAIT: WaitFacts = {
  position: null,
  estimatedWaitSeconds: null,
  agentsOnline: null,
};

export interface NoticeInput {
  facts: WaitFacts;
  language: 'zh' | 'en' | 'other';
  /** The tenant persona's name, when it has one. */
  name: string | null;
}

/**
 * Pure: what the bot tells a customer waiting for a person, in their language (English
 * unless Chinese). Only what is known: their place, the expected wait when the desk can
 * estimate it, and plainly when nobody is online; without numbers when the desk could not be
 * asked, so the customer still knows they are waiting.
 */
export function waitingNotice({ facts, language, name }: NoticeInput): string {
  return language === 'zh' ? inChinese(facts, name) : inEnglish(facts, name);
}

function inEnglish(facts: WaitFacts, name: string | null): string {
  const intro = name ? `This is ${name}. ` : '';
  const thanks = 'Thank you for your patience.';
  const { position, estimatedWaitSeconds: seconds, agentsOnline } = facts;
  if (position === null)
    return `${intro}You're in the queue for a person, who will be with you as soon as they can. ${thanks}`;
  const place =
    position === 1 ? "You're next in the queue" : `You're number ${position} in the queue`;
  if (agentsOnline === 0) {
    const offer =
      facts.noAgentOnline === 'callback'
        ? ' If you would rather not wait, leave your phone number and a good time to call, and we will call you back.'
        : facts.noAgentOnline === 'message'
          ? ' You can leave your whole message here now; the first person back will read it and reply.'
          : '';
    return `${intro}${place}. No one from our team is online right now, so I can't say how long it will take; a person will be with you as soon as one is available.${offer} ${thanks}`;
  }
  if (seconds === null)
    return `${intro}${place}. I can't estimate the wait yet; a person will be with you as soon as they can. ${thanks}`;
  const minutes = minutesOf(seconds);
  return `${intro}${place}; the expected wait is about ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}. ${thanks}`;
}

function inChinese(facts: WaitFacts, name: string | null): string {
  const intro = name ? `我是${name}。` : '';
  const thanks = '感谢您的耐心等待。';
  const { position, estimatedWaitSeconds: seconds, agentsOnline } = facts;
  if (position === null) return `${intro}您正在排队等待人工客服，客服会尽快为您服务。${thanks}`;
  const place = position === 1 ? '您是下一位' : `您前面还有 ${position - 1} 位客户`;
  if (agentsOnline === 0) {
    const offer =
      facts.noAgentOnline === 'callback'
        ? '如果您不想等待，请留下您的电话号码和方便接听的时间，我们会给您回电。'
        : facts.noAgentOnline === 'message'
          ? '您可以现在把问题完整地留言在这里，第一位上线的客服会阅读并回复您。'
          : '';
    return `${intro}${place}。目前没有在线的客服人员，暂时无法估计等待时间；一有客服可以接待，就会马上为您服务。${offer}${thanks}`;
  }
  if (seconds === null)
    return `${intro}${place}。暂时无法估计等待时间，客服会尽快为您服务。${thanks}`;
  return `${intro}${place}，预计等待约 ${minutesOf(seconds)} 分钟。${thanks}`;
}

/** Whole minutes, at least one: "about 0 minutes" would promise too much. */
function minutesOf(seconds: number): number {
  return Math.max(1, Math.round(seconds / 60));
}

/** Pure: whether a new notice may go out (at most one per interval per conversation). */
export function noticeDue(lastNoticeAt: Date | null, now: Date, intervalMs: number): boolean {
  return lastNoticeAt === null || now.getTime() - lastNoticeAt.getTime() >= intervalMs;
}
