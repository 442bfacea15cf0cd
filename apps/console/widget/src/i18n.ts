/** The widget's own words, in English and Chinese (same keys, checked by i18n.spec.ts). */
export type Lang = 'en' | 'zh';

const en = {
  launcher: 'Chat with us',
  dialog: 'Chat',
  title: 'Chat with us',
  subtitle: 'We usually answer in a few seconds',
  close: 'Close chat',
  log: 'Conversation',
  empty:
    'Hello! Ask us anything — our assistant answers right away, and a person is one click away.',
  message: 'Message',
  placeholder: 'Write a message…',
  send: 'Send',
  attach: 'Attach a file',
  removeAttachment: 'Remove {name}',
  human: 'Talk to a person',
  humanAsked: 'You asked to talk to a person.',
  you: 'You',
  bot: 'Assistant',
  agent: 'Agent',
  agentTyping: 'An agent is typing…',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  online: 'Online',
  queued: 'Waiting for the connection',
  sending: 'Sending…',
  sent: 'Sent',
  failed: 'Not sent: {reason}',
  uploading: 'Uploading {name}',
  uploaded: 'Ready to send',
  rate: 'Rate this conversation',
  rateCsat: 'How satisfied are you? Choose from 1 (not at all) to 5 (very satisfied).',
  rateNps: 'How likely are you to recommend us? (0 = not at all, 10 = extremely)',
  rateLow: 'Poor',
  rateHigh: 'Excellent',
  thanks: 'Thank you for your feedback!',
  download: 'Download {name}',
  attachment: 'Attachment',
  'error.tooLarge': '“{name}” is too large to send.',
  'error.typeNotAllowed': 'Files of this type (“{name}”) cannot be sent.',
  'error.rateLimited': 'You are sending too fast; please wait a moment.',
  'error.upload': '“{name}” could not be uploaded; please try again.',
  'error.download': '“{name}” could not be downloaded.',
  'error.session': 'The chat could not start. Please reload the page.',
  'error.origin': 'Chat is not enabled for this website.',
  'error.channel': 'Chat is not available right now.',
  'error.unknownUpload': 'the attachment has expired; attach it again',
  'error.invalid': 'the message could not be read',
  'error.survey': 'Your rating could not be saved; please try again.',
} as const;

export type MessageKey = keyof typeof en;

const zh: Record<MessageKey, string> = {
  launcher: '在线客服',
  dialog: '聊天',
  title: '在线客服',
  subtitle: '通常几秒内回复',
  close: '关闭聊天',
  log: '对话',
  empty: '您好！有问题请直接问，智能助手会马上回答；需要时也可一键转人工。',
  message: '消息',
  placeholder: '输入消息…',
  send: '发送',
  attach: '添加附件',
  removeAttachment: '移除 {name}',
  human: '转人工客服',
  humanAsked: '您已请求人工客服。',
  you: '我',
  bot: '智能助手',
  agent: '客服',
  agentTyping: '客服正在输入…',
  connecting: '正在连接…',
  reconnecting: '正在重新连接…',
  online: '在线',
  queued: '等待网络连接',
  sending: '发送中…',
  sent: '已发送',
  failed: '发送失败：{reason}',
  uploading: '正在上传 {name}',
  uploaded: '可以发送',
  rate: '为本次服务评分',
  rateCsat: '您对本次服务满意吗？请选择 1（很不满意）到 5（非常满意）。',
  rateNps: '您有多大可能向朋友推荐我们？（0 = 完全不会，10 = 非常可能）',
  rateLow: '很差',
  rateHigh: '很好',
  thanks: '感谢您的评价！',
  download: '下载 {name}',
  attachment: '附件',
  'error.tooLarge': '“{name}”太大，无法发送。',
  'error.typeNotAllowed': '不支持发送此类文件（“{name}”）。',
  'error.rateLimited': '发送太快了，请稍候再试。',
  'error.upload': '“{name}”上传失败，请重试。',
  'error.download': '“{name}”下载失败。',
  'error.session': '聊天无法启动，请刷新页面。',
  'error.origin': '本网站未开通在线客服。',
  'error.channel': '在线客服暂时不可用。',
  'error.unknownUpload': '附件已过期，请重新添加',
  'error.invalid': '消息格式有误',
  'error.survey': '评分未能保存，请重试。',
};

export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, zh };

/** `{name}` placeholders filled in; a missing value stays visible rather than vanishing. */
export function translate(
  lang: Lang,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

function isChinese(tag: string): boolean {
  return tag.trim().toLowerCase().startsWith('zh');
}

/**
 * The widget's language: the embed's `data-lang` ("zh" or "en"), else the page's `<html lang>`,
 * else the browser's language. The first one given decides: Chinese for any zh-*, English
 * for anything else.
 */
export function pickLanguage(
  dataLang: string | null | undefined,
  htmlLang: string | null | undefined,
  browserLang: string | null | undefined,
): Lang {
  const data = dataLang?.trim().toLowerCase();
  if (data && /^(zh|en)(-|$)/.test(data)) return isChinese(data) ? 'zh' : 'en';
  for (const tag of [htmlLang, browserLang])
    if (tag && tag.trim()) return isChinese(tag) ? 'zh' : 'en';
  return 'en';
}
