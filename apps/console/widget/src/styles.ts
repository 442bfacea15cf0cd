/** The widget's look, inside its shadow root: nothing leaks in from the page or out to it. */
export function widgetCss(accent: string, onAccent: string): string {
  return `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  --accent: ${accent}; --on-accent: ${onAccent};
  --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --paper: #ffffff; --tint: #f3f5f7;
  --bot: #eef2f7; --agent: #e7f5ec; --agent-ink: #11522b; --danger: #b42318;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: var(--ink);
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  display: flex; flex-direction: column; align-items: flex-end; gap: 12px;
}
button, textarea, input { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid #1f6feb; outline-offset: 2px; }
.launcher {
  width: 60px; height: 60px; border-radius: 50%; border: none;
  background: var(--accent); color: var(--on-accent);
  box-shadow: 0 6px 20px rgba(0,0,0,.22); display: grid; place-items: center;
}
.launcher svg { width: 28px; height: 28px; }
.launcher { position: relative; }
.launcher.unread::after {
  content: ''; position: absolute; top: 2px; right: 2px; width: 14px; height: 14px;
  border-radius: 50%; background: #d1242f; border: 2px solid #ffffff;
}
.panel {
  width: 380px; height: min(600px, calc(100vh - 112px));
  background: var(--paper); border-radius: 14px; overflow: hidden;
  box-shadow: 0 12px 40px rgba(0,0,0,.25); border: 1px solid var(--line);
  display: flex; flex-direction: column;
}
.panel[hidden] { display: none; }
.header {
  background: var(--accent); color: var(--on-accent); padding: 12px 14px;
  display: flex; align-items: center; gap: 10px;
}
.header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.header p { margin: 0; font-size: 13px; opacity: .92; }
.header .titles { flex: 1; min-width: 0; }
.icon-button {
  border: none; background: transparent; color: inherit; width: 36px; height: 36px;
  border-radius: 8px; display: grid; place-items: center; flex: none;
}
.icon-button:hover { background: rgba(127,127,127,.18); }
.icon-button svg { width: 20px; height: 20px; }
.status {
  font-size: 13px; padding: 6px 14px; background: #fff4d6; color: #5c3c00;
  border-bottom: 1px solid #f0d68a;
}
.status[hidden] { display: none; }
.log {
  flex: 1; overflow-y: auto; padding: 14px; display: flex; flex-direction: column; gap: 10px;
  background: var(--tint);
}
.empty { color: var(--muted); font-size: 14px; margin: 8px 4px; }
.message { max-width: 84%; display: flex; flex-direction: column; gap: 3px; }
.message .who { font-size: 12px; color: var(--muted); }
.bubble {
  padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere;
}
.message[data-author="customer"] { align-self: flex-end; align-items: flex-end; }
.message[data-author="customer"] .bubble {
  background: var(--accent); color: var(--on-accent); border-bottom-right-radius: 4px;
}
.message[data-author="bot"] { align-self: flex-start; }
.message[data-author="bot"] .bubble {
  background: var(--bot); border: 1px solid #dbe2ea; border-bottom-left-radius: 4px;
}
.message[data-author="agent"] { align-self: flex-start; }
.message[data-author="agent"] .bubble {
  background: var(--agent); border: 1px solid #b7e1c6; border-left: 4px solid #1a7f37;
  border-bottom-left-radius: 4px;
}
.message[data-author="agent"] .who { color: var(--agent-ink); font-weight: 600; }
.message.action { align-self: center; align-items: center; max-width: 100%; }
.message.action .bubble {
  background: transparent; color: var(--muted); font-size: 13px; padding: 2px 8px;
  border: 1px dashed var(--line); border-radius: 999px;
}
.delivery { font-size: 12px; color: var(--muted); }
.delivery.failed { color: var(--danger); }
.files { display: flex; flex-direction: column; gap: 6px; }
.files img { max-width: 220px; max-height: 180px; border-radius: 8px; display: block; }
.file-link {
  display: inline-flex; gap: 6px; align-items: center; font-size: 13px;
  background: var(--paper); color: var(--ink); border: 1px solid var(--line);
  border-radius: 8px; padding: 4px 8px; text-decoration: underline;
}
.file-link svg { width: 16px; height: 16px; flex: none; }
.typing { font-size: 13px; color: var(--muted); padding: 0 14px 6px; background: var(--tint); min-height: 0; }
.typing[hidden] { display: none; }
.survey {
  border-top: 1px solid var(--line); padding: 10px 14px; background: var(--paper);
}
.survey[hidden] { display: none; }
.survey p { margin: 0 0 8px; font-size: 14px; }
.scale { display: flex; flex-wrap: wrap; gap: 6px; border: none; margin: 0; padding: 0; }
.scale button {
  min-width: 36px; height: 36px; border-radius: 8px; border: 1px solid var(--line);
  background: var(--paper); font-weight: 600;
}
.scale button:hover { border-color: var(--accent); }
.scale-ends { display: flex; justify-content: space-between; font-size: 12px; color: var(--muted); margin-top: 4px; }
.alert { color: var(--danger); font-size: 13px; padding: 6px 0 0; }
.alert:empty { display: none; }
.tray { display: flex; flex-wrap: wrap; gap: 6px; padding: 8px 0 0; }
.tray:empty { display: none; }
.chip {
  display: flex; align-items: center; gap: 6px; font-size: 13px; border: 1px solid var(--line);
  border-radius: 8px; padding: 4px 4px 4px 8px; max-width: 100%; background: var(--tint);
}
.chip .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 180px; }
.chip progress { width: 70px; height: 8px; }
.chip .icon-button { width: 28px; height: 28px; }
.composer { border-top: 1px solid var(--line); padding: 10px 14px 12px; background: var(--paper); }
.composer textarea {
  width: 100%; resize: none; border: 1px solid #8c959f; border-radius: 10px;
  padding: 8px 10px; min-height: 44px; max-height: 120px; background: var(--paper);
}
.actions { display: flex; align-items: center; gap: 8px; margin-top: 8px; }
.actions .spacer { flex: 1; }
.quiet {
  border: 1px solid var(--line); background: var(--paper); border-radius: 8px;
  padding: 6px 10px; font-size: 14px; display: inline-flex; align-items: center; gap: 6px;
}
.quiet:hover { background: var(--tint); }
.quiet svg { width: 18px; height: 18px; }
.primary {
  border: none; background: var(--accent); color: var(--on-accent); border-radius: 8px;
  padding: 7px 16px; font-weight: 600;
}
button:disabled { opacity: .55; cursor: not-allowed; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap;
}
@media (max-width: 480px) {
  .root { right: 12px; bottom: 12px; }
  .root.open { inset: 0; right: 0; bottom: 0; }
  .root.open .launcher { display: none; }
  .root.open .panel { width: 100vw; height: 100%; border-radius: 0; border: none; }
  .message { max-width: 90%; }
}
`;
}
