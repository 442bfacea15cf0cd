// The embeddable chat widget:
//   <script src="https://<gateway>/widget/widget.js" data-channel="<channelId>" async></script>
// optional data-lang="zh|en", data-title, data-color. Renders into an open shadow root.
import { ChatWidget } from './chat';
import { readOptions } from './config';
import { pickLanguage } from './i18n';

function ownScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  // `async` scripts may run with currentScript unset in old browsers: find ours by data-channel.
  const candidates = Array.from(
    document.querySelectorAll<HTMLScriptElement>('script[data-channel][src]'),
  );
  return candidates.find((script) => /\/widget\.js(\?|#|$)/.test(script.src)) ?? null;
}

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null; // storage refused (sandboxed frame, privacy settings)
  }
}

function mount(script: HTMLScriptElement): void {
  const options = readOptions(script.src, { ...script.dataset });
  if ('error' in options) {
    console.error(`Tandem chat widget: ${options.error}`);
    return;
  }
  if (document.querySelector('tandem-chat-widget, [data-tandem-chat]')) return; // embedded twice
  const host = document.createElement('div');
  host.setAttribute('data-tandem-chat', '');
  document.body.append(host);
  const lang = pickLanguage(options.lang, document.documentElement.lang, navigator.language);
  new ChatWidget(options, lang, localStore(), host);
}

const script = ownScript();
if (script) {
  if (document.body) mount(script);
  else document.addEventListener('DOMContentLoaded', () => mount(script), { once: true });
} else {
  console.error('Tandem chat widget: cannot find its own <script> tag');
}
