// Small shared pieces every screen uses: status notes, badges, the sentiment dot, a live
// countdown, tabs and a dialog. Styles are in styles.css.
import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError } from '../app/api';
import { useI18n } from '../i18n/i18n';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

export function ErrorNote({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const message = error instanceof ApiError ? `${error.message} (${error.code})` : error.message;
  return (
    <div className="note note-error" role="alert">
      <span>{t('common.error', { message })}</span>
      {onRetry && (
        <button type="button" className="button-link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="empty">{children ?? t('common.empty')}</p>;
}

export type Tone = 'neutral' | 'good' | 'warn' | 'bad' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Sentiment from -1 (angry) to 1 (happy), as a labelled dot. */
export function Sentiment({ score, label }: { score: number | null | undefined; label: string }) {
  if (score === null || score === undefined) return null;
  const tone = score <= -0.3 ? 'bad' : score >= 0.3 ? 'good' : 'neutral';
  return (
    <span className={`sentiment sentiment-${tone}`} title={`${label}: ${score.toFixed(2)}`}>
      <span aria-hidden="true" className="dot" />
      <span className="visually-hidden">
        {label}: {score.toFixed(2)}
      </span>
    </span>
  );
}

/** Seconds left until `until`, ticking; calls onDone once at zero. */
export function Countdown({ until, onDone }: { until: string; onDone?: () => void }) {
  const [seconds, setSeconds] = useState(() => secondsUntil(until));
  const finished = useEffectEvent(() => onDone?.());
  useEffect(() => {
    const timer = setInterval(() => {
      const next = secondsUntil(until);
      setSeconds(next);
      if (next === 0) {
        clearInterval(timer);
        finished();
      }
    }, 250);
    return () => clearInterval(timer);
  }, [until]);
  return (
    <span className={`countdown${seconds <= 5 ? ' countdown-urgent' : ''}`} aria-live="off">
      {seconds}s
    </span>
  );
}

function secondsUntil(iso: string): number {
  return Math.max(0, Math.ceil((Date.parse(iso) - Date.now()) / 1000));
}

/** A number of seconds since `since`, ticking every second. */
export function Elapsed({ since }: { since: string | null | undefined }) {
  const { duration } = useI18n();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!since) return <span>—</span>;
  return <span>{duration(Math.max(0, (now - Date.parse(since)) / 1000))}</span>;
}

export interface TabItem {
  id: string;
  label: string;
}

/** ARIA tabs: arrow keys move between them. */
export function Tabs({
  tabs,
  active,
  onChange,
  label,
}: {
  tabs: TabItem[];
  active: string;
  onChange: (id: string) => void;
  label: string;
}) {
  return (
    <div role="tablist" aria-label={label} className="tabs">
      {tabs.map((tab, index) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === active}
          tabIndex={tab.id === active ? 0 : -1}
          onClick={() => onChange(tab.id)}
          onKeyDown={(event) => {
            const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
            if (!step) return;
            const next = tabs[(index + step + tabs.length) % tabs.length]!;
            onChange(next.id);
            document.getElementById(`tab-${next.id}`)?.focus();
          }}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}

/** A modal dialog (the browser's <dialog>: focus is trapped, Escape closes). */
export function Dialog({
  open,
  title,
  onClose,
  children,
}: {
  open: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog ref={ref} aria-labelledby={titleId} onClose={onClose} className="dialog">
      <h2 id={titleId}>{title}</h2>
      {open && children}
    </dialog>
  );
}

/** A labelled form field: the label is tied to the control. */
export function Field({
  label,
  children,
  hint,
}: {
  label: string;
  hint?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <small className="muted">{hint}</small>}
    </div>
  );
}
