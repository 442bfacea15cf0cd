import { io, type Socket } from 'socket.io-client';
import { gatewayUrl, textOn, type WidgetOptions } from './config';
import { h, icon, ICONS } from './dom';
import { translate, type Lang, type MessageKey } from './i18n';
import {
  fromServer,
  keyOf,
  localMessage,
  mergeHistory,
  mergeMessage,
  updateLocal,
  type Attachment,
  type ChatMessage,
  type ServerMessage,
} from './messages';
import {
  clientMessageIdFor,
  enqueue,
  nextDue,
  outcomeOf,
  postpone,
  settle,
  type Ack,
  type Pending,
} from './outbox';
import {
  loadSession,
  saveSession,
  tokenUsable,
  type KeyValueStore,
  type StoredSession,
} from './session-store';
import { widgetCss } from './styles';
import { uploadFile, type UploadRefusal } from './upload';

type Connection = 'idle' | 'connecting' | 'online' | 'reconnecting' | 'fatal';

interface Survey {
  id: string;
  kind: 'csat' | 'nps';
  question: string;
  min: number;
  max: number;
}

interface Draft {
  localId: number;
  name: string;
  progress: number;
  uploadId: string | null;
  attachment: Attachment | null;
  abort: () => void;
}

class SessionRefused extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const ACK_TIMEOUT_MS = 15_000;
const DEFAULT_ACCENT = '#1456b8';

/** Why a send failed, in the visitor's words. */
const FAILURE: Record<string, MessageKey> = {
  'WEBCHAT.UNKNOWN_UPLOAD': 'error.unknownUpload',
  'WEBCHAT.INVALID_MESSAGE': 'error.invalid',
};

/** The widget: one shadow root, one session, one socket. */
export class ChatWidget {
  private readonly root: HTMLDivElement;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLDivElement;
  private readonly status: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly emptyNote: HTMLParagraphElement;
  private readonly typing: HTMLDivElement;
  private readonly surveyBox: HTMLDivElement;
  private readonly alert: HTMLDivElement;
  private readonly tray: HTMLDivElement;
  private readonly textarea: HTMLTextAreaElement;
  private readonly fileInput: HTMLInputElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly humanButton: HTMLButtonElement;
  private readonly nodes = new Map<string, { element: HTMLElement; shown: string }>();
  private readonly previews = new Map<string, string | 'failed'>();

  private messages: ChatMessage[] = [];
  private session: StoredSession | null;
  private socket: Socket | null = null;
  private connection: Connection = 'idle';
  private everConnected = false;
  private sending = false;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private typingTimer: ReturnType<typeof setTimeout> | null = null;
  private agentTypingTimer: ReturnType<typeof setTimeout> | null = null;
  private visitorTyping = false;
  private drafts: Draft[] = [];
  private draftCounter = 0;
  private survey: Survey | null = null;
  private readonly answeredSurveys = new Set<string>();
  private readonly salt = Math.random().toString(36).slice(2, 8);

  constructor(
    private readonly options: WidgetOptions,
    private readonly lang: Lang,
    private readonly store: KeyValueStore | null,
    host: HTMLElement,
  ) {
    this.session = loadSession(store, options.channelId);
    const accent = options.color ?? DEFAULT_ACCENT;
    const shadow = host.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = widgetCss(accent, textOn(accent));
    const t = (key: MessageKey) => this.t(key);

    this.launcher = h(
      'button',
      {
        type: 'button',
        className: 'launcher',
        'aria-label': t('launcher'),
        'aria-expanded': 'false',
        'aria-controls': 'tandem-chat-panel',
      },
      icon(ICONS.chat),
    );
    const titleId = 'tandem-chat-title';
    this.status = h('div', { className: 'status', role: 'status', hidden: true });
    this.emptyNote = h('p', { className: 'empty' }, t('empty'));
    this.log = h('div', {
      className: 'log',
      role: 'log',
      'aria-live': 'polite',
      'aria-label': t('log'),
      tabindex: 0,
    });
    this.typing = h('div', { className: 'typing', hidden: true, 'aria-live': 'polite' });
    this.surveyBox = h('div', { className: 'survey', hidden: true });
    this.alert = h('div', { className: 'alert', role: 'alert' });
    this.tray = h('div', { className: 'tray' });
    this.textarea = h('textarea', {
      id: 'tandem-chat-input',
      rows: 2,
      maxlength: 4000,
      placeholder: t('placeholder'),
      'aria-label': t('message'),
    });
    this.fileInput = h('input', {
      type: 'file',
      className: 'visually-hidden',
      tabindex: -1,
      'aria-hidden': 'true',
    });
    const attachButton = h(
      'button',
      { type: 'button', className: 'quiet', 'aria-label': t('attach'), title: t('attach') },
      icon(ICONS.clip),
    );
    this.humanButton = h(
      'button',
      { type: 'button', className: 'quiet' },
      icon(ICONS.person),
      t('human'),
    );
    this.sendButton = h('button', { type: 'button', className: 'primary' }, t('send'));
    const closeButton = h(
      'button',
      { type: 'button', className: 'icon-button', 'aria-label': t('close') },
      icon(ICONS.close),
    );
    this.panel = h(
      'div',
      {
        id: 'tandem-chat-panel',
        className: 'panel',
        role: 'dialog',
        'aria-label': t('dialog'),
        hidden: true,
        lang: lang === 'zh' ? 'zh-CN' : 'en',
      },
      h(
        'div',
        { className: 'header' },
        h(
          'div',
          { className: 'titles' },
          h('h2', { id: titleId }, options.title ?? t('title')),
          h('p', {}, t('subtitle')),
        ),
        closeButton,
      ),
      this.status,
      this.log,
      this.typing,
      this.surveyBox,
      h(
        'div',
        { className: 'composer' },
        this.textarea,
        this.alert,
        this.tray,
        h(
          'div',
          { className: 'actions' },
          attachButton,
          this.fileInput,
          this.humanButton,
          h('span', { className: 'spacer' }),
          this.sendButton,
        ),
      ),
    );
    this.root = h('div', { className: 'root', lang: lang === 'zh' ? 'zh-CN' : 'en' });
    this.root.append(this.panel, this.launcher);
    shadow.append(style, this.root);
    this.log.append(this.emptyNote);

    this.launcher.addEventListener('click', () => this.toggle());
    closeButton.addEventListener('click', () => this.toggle(false));
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        this.toggle(false);
      }
    });
    this.sendButton.addEventListener('click', () => this.sendDraft());
    this.textarea.addEventListener('keydown', (event) => {
      // Enter sends, Shift+Enter is a new line; never while an input method composes.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendDraft();
      }
    });
    this.textarea.addEventListener('input', () => this.visitorTypes());
    this.humanButton.addEventListener('click', () => this.requestHuman());
    attachButton.addEventListener('click', () => this.fileInput.click());
    this.fileInput.addEventListener('change', () => {
      for (const file of Array.from(this.fileInput.files ?? [])) this.attach(file);
      this.fileInput.value = '';
    });
    window.addEventListener('online', () => {
      if (this.socket && !this.socket.connected && this.connection !== 'fatal')
        this.socket.connect();
    });

    this.renderControls();
    // A returning visitor is connected at once, so replies that came meanwhile are there.
    if (this.session) void this.start();
  }

  private t(key: MessageKey, params?: Record<string, string | number>): string {
    return translate(this.lang, key, params);
  }

  private toggle(open = this.panel.hidden): void {
    this.panel.hidden = !open;
    this.root.classList.toggle('open', open);
    this.launcher.setAttribute('aria-expanded', String(open));
    if (open) {
      this.launcher.classList.remove('unread');
      if (this.connection === 'idle') void this.start();
      this.scrollToEnd(true);
      this.textarea.focus();
    } else {
      this.launcher.focus();
    }
  }

  // ---- session and socket -------------------------------------------------------------

  private async start(): Promise<void> {
    if (this.connection !== 'idle') return;
    this.setConnection('connecting');
    try {
      await this.ensureSession();
    } catch (error) {
      this.refused(error instanceof SessionRefused ? error.code : 'NETWORK');
      return;
    }
    this.connect();
  }

  /** A usable token: the stored one, renewed with it when it ran out, or a new visitor's. */
  private async ensureSession(forceRenew = false): Promise<string> {
    const current = this.session;
    if (current && !forceRenew && tokenUsable(current, Date.now())) return current.sessionToken;
    let response = await this.requestSession(current?.sessionToken);
    if (response.status === 401 && current) response = await this.requestSession(undefined);
    const body = (await response.json().catch(() => ({}))) as {
      sessionToken?: string;
      visitorId?: string;
      expiresAt?: string;
      code?: string;
    };
    if (response.status !== 201 || !body.sessionToken || !body.visitorId)
      throw new SessionRefused(body.code ?? `HTTP_${response.status}`);
    // Messages typed before the first session (no visitor yet) are this visitor's too,
    // including those queued while this request was on its way: read the session again.
    const latest = this.session;
    const sameVisitor = !current?.visitorId || current.visitorId === body.visitorId;
    this.session = {
      sessionToken: body.sessionToken,
      visitorId: body.visitorId,
      expiresAt: body.expiresAt ?? '',
      // Another visitor's unsent messages never go out under the new one.
      pending: sameVisitor ? (latest?.pending ?? []) : [],
      counter: Math.max(latest?.counter ?? 0, current?.counter ?? 0),
    };
    if (!sameVisitor) this.messages = [];
    this.persist();
    return body.sessionToken;
  }

  private requestSession(sessionToken: string | undefined): Promise<Response> {
    return fetch(
      gatewayUrl(this.options.gateway, `/v1/webchat/${this.options.channelId}/sessions`),
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sessionToken ? { sessionToken } : {}),
      },
    );
  }

  private connect(): void {
    const { gateway } = this.options;
    const socket = io(`${gateway.origin}/webchat`, {
      path: `${gateway.prefix}/socket.io`,
      auth: (callback) => callback({ token: this.session?.sessionToken ?? '' }),
      // The WebSocket handshake always carries the page's Origin (a same-origin polling
      // request does not), which the channel's allowed origins are checked against.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      reconnectionDelayMax: 8_000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.everConnected = true;
      this.setConnection('online');
      void this.pump();
    });
    socket.on('disconnect', (reason) => {
      this.sending = false;
      if (reason === 'io client disconnect') return;
      this.setConnection('reconnecting');
      // The server closed it (e.g. the token ran out): socket.io does not retry by itself.
      if (reason === 'io server disconnect') void this.renewAndReconnect(false);
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (socket.active) {
        this.setConnection(this.everConnected ? 'reconnecting' : 'connecting');
        return;
      }
      // Refused by the server: socket.io will not retry; decide from the code.
      const code = error.data?.code ?? 'UNKNOWN';
      if (code === 'WEBCHAT.SESSION_EXPIRED' || code === 'WEBCHAT.INVALID_SESSION')
        void this.renewAndReconnect(code === 'WEBCHAT.INVALID_SESSION');
      // Not ORIGIN_NOT_ALLOWED: the session request (a POST, always with an Origin) passed the
      // check, so a refusal here is a same-origin polling fallback sent without one: retry.
      else if (code === 'GATEWAY.UNKNOWN_CHANNEL' || code === 'GATEWAY.CHANNEL_DISABLED')
        this.refused(code);
      else {
        this.setConnection('reconnecting');
        setTimeout(() => socket.connect(), 3_000);
      }
    });
    socket.on('history', (payload: { messages?: ServerMessage[] }) => {
      this.messages = mergeHistory(this.messages, (payload.messages ?? []).map(fromServer));
      this.renderMessages();
    });
    socket.on('message', (reply: ServerMessage) => {
      this.messages = mergeMessage(this.messages, fromServer(reply));
      if (reply.role === 'agent') this.showAgentTyping(false);
      // A reply while the panel is closed: a dot on the launcher (its name stays the same).
      if (this.panel.hidden) this.launcher.classList.add('unread');
      this.renderMessages();
    });
    socket.on('typing', (payload: { role?: string; isTyping?: boolean }) => {
      if (payload.role === 'agent') this.showAgentTyping(payload.isTyping === true);
    });
    socket.on('survey', (survey: Survey) => {
      if (this.answeredSurveys.has(survey.id)) return;
      this.survey = survey;
      this.renderSurvey();
    });
  }

  private async renewAndReconnect(newVisitor: boolean): Promise<void> {
    if (newVisitor && this.session) this.session = { ...this.session, expiresAt: '' };
    try {
      await this.ensureSession(true);
      this.socket?.connect();
    } catch (error) {
      this.refused(error instanceof SessionRefused ? error.code : 'NETWORK');
    }
  }

  private refused(code: string): void {
    if (code === 'NETWORK' || code.startsWith('HTTP_5') || code === 'GATEWAY.RATE_LIMITED') {
      // The gateway is unreachable for now: try again, as a reconnect would.
      this.setConnection('reconnecting');
      setTimeout(() => {
        if (this.socket) void this.renewAndReconnect(false);
        else {
          this.connection = 'idle';
          void this.start();
        }
      }, 5_000);
      return;
    }
    this.connection = 'fatal';
    const key: MessageKey =
      code === 'WEBCHAT.ORIGIN_NOT_ALLOWED'
        ? 'error.origin'
        : code === 'GATEWAY.UNKNOWN_CHANNEL' || code === 'GATEWAY.CHANNEL_DISABLED'
          ? 'error.channel'
          : 'error.session';
    this.status.hidden = false;
    this.status.textContent = `${this.t(key)} (${code})`;
    this.renderControls();
  }

  private setConnection(connection: Connection): void {
    this.connection = connection;
    const note =
      connection === 'reconnecting'
        ? this.t('reconnecting')
        : connection === 'connecting'
          ? this.t('connecting')
          : '';
    this.status.hidden = note === '';
    this.status.textContent = note;
    this.renderControls();
  }

  private persist(): void {
    if (this.session) saveSession(this.store, this.options.channelId, this.session);
  }

  // ---- sending ------------------------------------------------------------------------

  private nextClientMessageId(): string {
    const session = this.session ?? {
      sessionToken: '',
      visitorId: '',
      expiresAt: '',
      pending: [],
      counter: 0,
    };
    session.counter += 1;
    this.session = session;
    return clientMessageIdFor(Date.now(), session.counter, this.salt);
  }

  private queue(item: Omit<Pending, 'attempts' | 'notBefore'>, shown: ChatMessage): void {
    const clientMessageId = this.nextClientMessageId();
    const session = this.session!;
    this.session = { ...session, pending: enqueue(session.pending, { ...item, clientMessageId }) };
    this.messages = [...this.messages, { ...shown, clientMessageId }];
    this.persist();
    this.renderMessages(true);
    if (this.connection === 'idle') void this.start();
    else void this.pump();
  }

  private sendDraft(): void {
    if (this.connection === 'fatal') return;
    if (this.drafts.some((draft) => !draft.uploadId)) return; // still uploading
    const text = this.textarea.value;
    const ready = this.drafts.filter((draft) => draft.attachment && draft.uploadId);
    if (text.trim() === '' && ready.length === 0) return;
    this.queue(
      { clientMessageId: '', kind: 'message', text, uploadIds: ready.map((d) => d.uploadId!) },
      localMessage(
        '',
        text,
        ready.map((draft) => draft.attachment!),
        new Date(),
      ),
    );
    this.textarea.value = '';
    this.drafts = [];
    this.alert.textContent = '';
    this.renderTray();
    this.visitorTypes(false);
    this.textarea.focus();
  }

  private requestHuman(): void {
    if (this.connection === 'fatal') return;
    this.queue(
      { clientMessageId: '', kind: 'request_human', text: '', uploadIds: [] },
      localMessage('', '', [], new Date(), 'request_human'),
    );
  }

  /** Sends the queue's head, then the next; one at a time so the order holds. */
  private async pump(): Promise<void> {
    const socket = this.socket;
    if (this.sending || !socket?.connected || !this.session) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const item = nextDue(this.session.pending, Date.now());
    if (!item) {
      const head = this.session.pending[0];
      if (head) this.retryTimer = setTimeout(() => void this.pump(), head.notBefore - Date.now());
      return;
    }
    this.sending = true;
    this.messages = updateLocal(this.messages, item.clientMessageId, { delivery: 'sending' });
    this.renderMessages();
    const payload =
      item.kind === 'request_human'
        ? { clientMessageId: item.clientMessageId }
        : {
            clientMessageId: item.clientMessageId,
            text: item.text,
            ...(item.uploadIds.length > 0
              ? { attachments: item.uploadIds.map((uploadId) => ({ uploadId })) }
              : {}),
          };
    let ack: Ack | null = null;
    try {
      ack = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(item.kind, payload)) as Ack;
    } catch {
      ack = null; // no answer in time, or the socket dropped: resend with the same id
    }
    this.sending = false;
    const outcome = outcomeOf(ack, item.attempts);
    const session = this.session;
    if (outcome.kind === 'done') {
      this.session = { ...session, pending: settle(session.pending, item.clientMessageId) };
      this.messages = updateLocal(this.messages, item.clientMessageId, {
        delivery: 'sent',
        ...(outcome.messageId ? { id: outcome.messageId } : {}),
      });
    } else if (outcome.kind === 'failed') {
      this.session = { ...session, pending: settle(session.pending, item.clientMessageId) };
      const reason = FAILURE[outcome.code];
      this.messages = updateLocal(this.messages, item.clientMessageId, {
        delivery: 'failed',
        problem: reason ? this.t(reason) : outcome.code,
      });
    } else {
      const afterMs = outcome.kind === 'retry' ? outcome.afterMs : 1_000;
      this.session = {
        ...session,
        pending: postpone(session.pending, item.clientMessageId, Date.now(), afterMs),
      };
      this.messages = updateLocal(this.messages, item.clientMessageId, { delivery: 'queued' });
      if (outcome.kind === 'renew-session') {
        this.persist();
        this.renderMessages();
        socket.disconnect();
        await this.renewAndReconnect(false);
        return;
      }
    }
    this.persist();
    this.renderMessages();
    void this.pump();
  }

  private visitorTypes(isTyping = this.textarea.value.trim() !== ''): void {
    if (this.typingTimer) clearTimeout(this.typingTimer);
    if (isTyping) this.typingTimer = setTimeout(() => this.visitorTypes(false), 3_000);
    if (isTyping === this.visitorTyping) return;
    this.visitorTyping = isTyping;
    if (this.socket?.connected) this.socket.volatile.emit('typing', { isTyping });
  }

  // ---- attachments --------------------------------------------------------------------

  private attach(file: File): void {
    const token = this.session?.sessionToken;
    const draft: Draft = {
      localId: ++this.draftCounter,
      name: file.name,
      progress: 0,
      uploadId: null,
      attachment: null,
      abort: () => undefined,
    };
    this.drafts = [...this.drafts, draft];
    this.alert.textContent = '';
    this.renderTray();
    const finish = (outcome: Awaited<ReturnType<typeof uploadFile>['done']>) => {
      if (!this.drafts.includes(draft)) return; // removed meanwhile
      if ('uploadId' in outcome) {
        draft.uploadId = outcome.uploadId;
        draft.attachment = {
          id: outcome.uploadId,
          kind: outcome.kind,
          name: outcome.name ?? file.name,
          mimeType: outcome.mimeType,
          sizeBytes: outcome.sizeBytes,
          ...(outcome.kind === 'image' ? { preview: URL.createObjectURL(file) } : {}),
        };
      } else {
        this.drafts = this.drafts.filter((candidate) => candidate !== draft);
        this.alert.textContent = this.refusalText(outcome, file.name);
      }
      this.renderTray();
    };
    const start = async () => {
      const sessionToken = token ?? (await this.ensureSession().catch(() => null));
      if (!sessionToken) return finish({ refused: 'NETWORK', status: 0 });
      const upload = uploadFile(
        gatewayUrl(this.options.gateway, `/v1/webchat/${this.options.channelId}/uploads`),
        sessionToken,
        file,
        (fraction) => {
          draft.progress = fraction;
          this.renderTray();
        },
      );
      draft.abort = upload.abort;
      finish(await upload.done);
    };
    if (this.connection === 'idle') void this.start();
    void start();
  }

  private refusalText(refusal: UploadRefusal, name: string): string {
    switch (refusal.refused) {
      case 'GATEWAY.ATTACHMENT_TOO_LARGE':
        return this.t('error.tooLarge', { name });
      case 'GATEWAY.ATTACHMENT_TYPE_NOT_ALLOWED':
        return this.t('error.typeNotAllowed', { name });
      case 'GATEWAY.RATE_LIMITED':
        return this.t('error.rateLimited');
      default:
        return `${this.t('error.upload', { name })} (${refusal.refused})`;
    }
  }

  // ---- survey -------------------------------------------------------------------------

  private answerSurvey(survey: Survey, score: number): void {
    const socket = this.socket;
    if (!socket?.connected) {
      this.alert.textContent = this.t('error.survey');
      return;
    }
    for (const button of this.surveyBox.querySelectorAll('button')) button.disabled = true;
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('survey-answer', { surveyId: survey.id, score })
      .then(
        (ack: Ack) => {
          if ('status' in ack) {
            this.answeredSurveys.add(survey.id);
            this.surveyBox.replaceChildren(h('p', { role: 'status' }, this.t('thanks')));
            // The pressed button is gone: focus goes back to the message box, not the page.
            this.textarea.focus();
          } else {
            this.alert.textContent = `${this.t('error.survey')} (${ack.error.code})`;
            this.renderSurvey();
          }
        },
        () => {
          this.alert.textContent = this.t('error.survey');
          this.renderSurvey();
        },
      );
  }

  private renderSurvey(): void {
    const survey = this.survey;
    if (!survey) return;
    const questionId = 'tandem-survey-question';
    const scale = h('div', {
      className: 'scale',
      role: 'group',
      'aria-label': this.t('rate'),
      'aria-describedby': questionId,
    });
    for (let score = survey.min; score <= survey.max; score += 1) {
      const button = h('button', { type: 'button' }, String(score));
      button.addEventListener('click', () => this.answerSurvey(survey, score));
      scale.append(button);
    }
    this.surveyBox.replaceChildren(
      h(
        'p',
        { id: questionId },
        // The question itself is in the log already (a bot message); this says how to answer.
        this.t(survey.kind === 'nps' ? 'rateNps' : 'rateCsat'),
      ),
      scale,
      h(
        'div',
        { className: 'scale-ends', 'aria-hidden': 'true' },
        h('span', {}, this.t('rateLow')),
        h('span', {}, this.t('rateHigh')),
      ),
    );
    this.surveyBox.hidden = false;
    this.scrollToEnd(true);
  }

  // ---- rendering ----------------------------------------------------------------------

  private showAgentTyping(isTyping: boolean): void {
    if (this.agentTypingTimer) clearTimeout(this.agentTypingTimer);
    this.typing.hidden = !isTyping;
    this.typing.textContent = isTyping ? this.t('agentTyping') : '';
    // A lost "stopped typing" never leaves the indicator on.
    if (isTyping) this.agentTypingTimer = setTimeout(() => this.showAgentTyping(false), 15_000);
  }

  private renderControls(): void {
    const fatal = this.connection === 'fatal';
    const uploading = this.drafts.some((draft) => !draft.uploadId);
    this.sendButton.disabled = fatal || uploading;
    this.humanButton.disabled = fatal;
    this.textarea.disabled = fatal;
  }

  private renderTray(): void {
    this.tray.replaceChildren(
      ...this.drafts.map((draft) => {
        const remove = h(
          'button',
          {
            type: 'button',
            className: 'icon-button',
            'aria-label': this.t('removeAttachment', { name: draft.name }),
          },
          icon(ICONS.close),
        );
        remove.addEventListener('click', () => {
          draft.abort();
          this.drafts = this.drafts.filter((candidate) => candidate !== draft);
          this.renderTray();
        });
        return h(
          'div',
          { className: 'chip' },
          h('span', { className: 'name' }, draft.name),
          draft.uploadId
            ? h('span', { className: 'delivery' }, this.t('uploaded'))
            : h('progress', {
                max: 100,
                value: Math.round(draft.progress * 100),
                'aria-label': this.t('uploading', { name: draft.name }),
              }),
          remove,
        );
      }),
    );
    this.renderControls();
  }

  private nearEnd(): boolean {
    return this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 80;
  }

  private scrollToEnd(force = false): void {
    if (force || this.nearEnd()) this.log.scrollTop = this.log.scrollHeight;
  }

  /** Keyed: an element is rebuilt only when what it shows changed, so the log announces new lines only. */
  private renderMessages(forceScroll = false): void {
    const follow = forceScroll || this.nearEnd();
    this.emptyNote.hidden = this.messages.length > 0;
    const seen = new Set<string>();
    let position = 1; // after the empty note
    for (const message of this.messages) {
      const key = keyOf(message);
      seen.add(key);
      const shown = JSON.stringify([
        message.text,
        message.delivery,
        message.problem,
        message.name,
        message.attachments.map((attachment) => [
          attachment.id,
          attachment.preview ?? this.previews.get(attachment.id),
        ]),
      ]);
      let node = this.nodes.get(key);
      if (!node || node.shown !== shown) {
        const element = this.messageElement(message);
        if (node) node.element.replaceWith(element);
        node = { element, shown };
        this.nodes.set(key, node);
      }
      if (this.log.children[position] !== node.element)
        this.log.insertBefore(node.element, this.log.children[position] ?? null);
      position += 1;
    }
    for (const [key, node] of this.nodes)
      if (!seen.has(key)) {
        node.element.remove();
        this.nodes.delete(key);
      }
    if (follow) this.scrollToEnd(true);
  }

  private messageElement(message: ChatMessage): HTMLElement {
    const who =
      message.author === 'customer'
        ? this.t('you')
        : message.author === 'bot'
          ? this.t('bot')
          : (message.name ?? this.t('agent'));
    const element = h('div', {
      className: message.action ? 'message action' : 'message',
      'data-author': message.author,
    });
    if (message.action === 'request_human') {
      element.append(h('div', { className: 'bubble' }, this.t('humanAsked')));
    } else {
      element.append(
        h('div', { className: message.author === 'customer' ? 'who visually-hidden' : 'who' }, who),
      );
      if (message.text.trim() !== '')
        element.append(h('div', { className: 'bubble' }, message.text));
      if (message.attachments.length > 0)
        element.append(
          h(
            'div',
            { className: 'files' },
            ...message.attachments.map((attachment) => this.attachmentElement(message, attachment)),
          ),
        );
    }
    if (message.author === 'customer' && message.delivery !== 'sent')
      element.append(
        h(
          'div',
          { className: message.delivery === 'failed' ? 'delivery failed' : 'delivery' },
          message.delivery === 'failed'
            ? this.t('failed', { reason: message.problem ?? '' })
            : this.t(message.delivery === 'queued' ? 'queued' : 'sending'),
        ),
      );
    return element;
  }

  private attachmentElement(message: ChatMessage, attachment: Attachment): HTMLElement {
    const name = attachment.name ?? this.t('attachment');
    const cached = this.previews.get(attachment.id);
    const preview = attachment.preview ?? (cached !== 'failed' ? cached : undefined);
    if (attachment.kind === 'image' && preview) return h('img', { src: preview, alt: name });
    if (attachment.kind === 'image' && cached === undefined && message.id)
      void this.loadPreview(attachment.id);
    const link = h(
      'button',
      { type: 'button', className: 'file-link', 'aria-label': this.t('download', { name }) },
      icon(ICONS.file),
      name,
    );
    link.addEventListener('click', () => void this.download(attachment.id, name));
    return link;
  }

  /** The download route needs the token in a header, so images are fetched and shown as blobs. */
  private async fetchAttachment(id: string): Promise<Blob | null> {
    const token = this.session?.sessionToken;
    if (!token) return null;
    try {
      const response = await fetch(
        gatewayUrl(this.options.gateway, `/v1/webchat/${this.options.channelId}/attachments/${id}`),
        { headers: { authorization: `Bearer ${token}` } },
      );
      return response.ok ? await response.blob() : null;
    } catch {
      return null;
    }
  }

  private async loadPreview(id: string): Promise<void> {
    this.previews.set(id, 'failed'); // one attempt per page
    const blob = await this.fetchAttachment(id);
    if (!blob) return;
    this.previews.set(id, URL.createObjectURL(blob));
    this.renderMessages();
  }

  private async download(id: string, name: string): Promise<void> {
    const blob = await this.fetchAttachment(id);
    if (!blob) {
      this.alert.textContent = this.t('error.download', { name });
      return;
    }
    const url = URL.createObjectURL(blob);
    const anchor = h('a', { href: url, download: name });
    this.root.append(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
