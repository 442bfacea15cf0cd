// Incoming offers: who and why, a countdown to the expiry, accept and decline (with an
// optional reason).
import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import { Badge, Countdown, Dialog, Empty, ErrorNote, Field } from '../ui/ui';
import { channelKey, languageKey, priorityKey, reasonKey } from './labels';
import type { Offer } from './types';

export function OfferList({
  offers,
  online,
  busy,
  error,
  onAccept,
  onDecline,
  onExpired,
}: {
  offers: Offer[];
  online: boolean;
  busy: string | null;
  error: Error | null;
  onAccept: (offer: Offer) => void;
  onDecline: (offer: Offer, reason: string) => Promise<void>;
  onExpired: () => void;
}) {
  const { t } = useI18n();
  const [declining, setDeclining] = useState<Offer | null>(null);
  return (
    <section className="ws-offers" aria-labelledby="ws-offers-title">
      <h2 id="ws-offers-title">
        {t('workspace.offers.title')}
        {offers.length > 0 && <span className="ws-count">{offers.length}</span>}
      </h2>
      {error && <ErrorNote error={error} />}
      {offers.length === 0 ? (
        <Empty>{online ? t('workspace.offers.none') : t('workspace.offers.offline')}</Empty>
      ) : (
        <ul className="ws-offer-list">
          {offers.map((offer) => (
            <OfferCard
              key={offer.id}
              offer={offer}
              accepting={busy === offer.id}
              onAccept={() => onAccept(offer)}
              onDecline={() => setDeclining(offer)}
              onExpired={onExpired}
            />
          ))}
        </ul>
      )}
      <DeclineDialog
        offer={declining}
        onClose={() => setDeclining(null)}
        onDecline={async (offer, reason) => {
          await onDecline(offer, reason);
          setDeclining(null);
        }}
      />
    </section>
  );
}

function OfferCard({
  offer,
  accepting,
  onAccept,
  onDecline,
  onExpired,
}: {
  offer: Offer;
  accepting: boolean;
  onAccept: () => void;
  onDecline: () => void;
  onExpired: () => void;
}) {
  const { t } = useI18n();
  const who = offer.customerDisplayName || t('workspace.offers.anonymous');
  const priorityLabel = (priority: string) => {
    const key = priorityKey(priority);
    return key ? t(key) : priority;
  };
  const language = languageKey(offer.language);
  const urgent = offer.priority === 'high' || offer.priority === 'urgent';
  return (
    <li className="ws-offer card" data-offer-id={offer.id}>
      <div className="ws-offer-head">
        <strong>{who}</strong>
        <span className="ws-offer-timer">
          <span className="visually-hidden">{t('workspace.offers.expiresIn')}</span>
          <Countdown until={offer.expiresAt} onDone={onExpired} />
        </span>
      </div>
      <div className="ws-tags">
        {offer.channelType && <Badge tone="info">{t(channelKey(offer.channelType))}</Badge>}
        {language && <Badge>{t(language)}</Badge>}
        {offer.priority && offer.priority !== 'normal' && (
          <Badge tone={urgent ? 'bad' : 'neutral'}>
            {t('workspace.priority', {
              priority: priorityLabel(offer.priority),
            })}
          </Badge>
        )}
        {offer.queue && <Badge>{t('workspace.offers.queue', { queue: offer.queue })}</Badge>}
      </div>
      {offer.reasons && offer.reasons.length > 0 && (
        <ul className="ws-reasons">
          {offer.reasons.map((reason, index) => {
            const key = reasonKey(reason.code);
            return (
              <li key={`${reason.code}-${index}`} title={reason.detail}>
                {key ? t(key) : reason.detail || reason.code}
              </li>
            );
          })}
        </ul>
      )}
      {offer.preview && <p className="ws-offer-preview">{offer.preview}</p>}
      <div className="ws-actions">
        <button type="button" className="button-primary" onClick={onAccept} disabled={accepting}>
          {accepting ? t('workspace.offers.accepting') : t('workspace.offers.accept')}
        </button>
        <button type="button" onClick={onDecline} disabled={accepting}>
          {t('workspace.offers.decline')}
        </button>
      </div>
    </li>
  );
}

function DeclineDialog({
  offer,
  onClose,
  onDecline,
}: {
  offer: Offer | null;
  onClose: () => void;
  onDecline: (offer: Offer, reason: string) => Promise<void>;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const [saving, setSaving] = useState(false);
  const close = () => {
    setReason('');
    setError(null);
    onClose();
  };
  return (
    <Dialog open={!!offer} title={t('workspace.offers.declineTitle')} onClose={close}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!offer) return;
          setSaving(true);
          setError(null);
          onDecline(offer, reason.trim())
            .then(() => setReason(''))
            .catch((cause: Error) => setError(cause))
            .finally(() => setSaving(false));
        }}
      >
        <Field label={t('workspace.offers.declineReason')}>
          {(id) => (
            <textarea
              id={id}
              rows={3}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          )}
        </Field>
        {error && <ErrorNote error={error} />}
        <div className="ws-actions ws-dialog-actions">
          <button type="button" className="button-quiet" onClick={close}>
            {t('workspace.cancel')}
          </button>
          <button type="submit" className="button-danger" disabled={saving}>
            {t('workspace.offers.declineSubmit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
