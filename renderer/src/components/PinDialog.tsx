import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useTerminalStore, type PinPrompt } from '../store/terminal-store';
import { routeTypedBadge } from '../workflows/scan-router';
import { cancelPinPrompt, submitPin } from '../workflows/session';
import { useSecondsUntil } from './use-seconds-until';

const PIN_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'back', '0'];
const MAX_PIN_LENGTH = 8;

/**
 * The PIN step of a login and the shift-lead approval. The PIN is never shown; a locked badge shows the
 * seconds until it may try again. An approval first waits for the lead's badge (scanned, or typed here).
 */
export function PinDialog() {
  const prompt = useTerminalStore((s) => s.pinPrompt);
  if (!prompt) return null;
  return (
    <div className="confirm-overlay">
      <div
        className={`confirm-dialog pin-dialog${prompt.purpose === 'approval' ? ' confirm-dialog--warn' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="pin-title"
        data-testid="pin-dialog"
        data-purpose={prompt.purpose}
        data-step={prompt.step}
      >
        <PromptHeading prompt={prompt} />
        {prompt.step === 'badge' ? <LeadBadgeStep errorKey={prompt.errorKey} /> : <PinStep prompt={prompt} />}
      </div>
    </div>
  );
}

function PromptHeading({ prompt }: { prompt: PinPrompt }) {
  const { t } = useTranslation();
  const title = prompt.purpose === 'approval' ? t('approval.title') : t('pin.title');
  return (
    <>
      <h3 id="pin-title">{title}</h3>
      {prompt.reasonKey && (
        <p className="confirm-reason" data-testid="approval-reason">
          {t(prompt.reasonKey)}
        </p>
      )}
      {prompt.step === 'pin' && (
        <p className="screen__hint" data-testid="pin-for">
          {prompt.name ? t('pin.forName', { name: prompt.name }) : t('pin.forTypedBadge')}
        </p>
      )}
    </>
  );
}

function LeadBadgeStep({ errorKey }: { errorKey: string | null }) {
  const { t } = useTranslation();
  const [badge, setBadge] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (badge.trim()) void routeTypedBadge(badge);
    setBadge('');
  };
  return (
    <form className="pin-dialog__form" onSubmit={submit}>
      <p className="screen__hint">{t('approval.scanLeadBadge')}</p>
      {errorKey && (
        <p className="form-error" role="alert" data-testid="pin-error" data-error={errorKey}>
          {t(errorKey)}
        </p>
      )}
      <label className="field">
        <span>{t('home.badgeNumber')}</span>
        <input
          data-testid="approval-badge"
          value={badge}
          autoFocus
          autoComplete="off"
          onChange={(event) => setBadge(event.target.value)}
        />
      </label>
      <div className="entry-panel__foot">
        <button type="button" className="touch-button" data-testid="pin-cancel" onClick={cancelPinPrompt}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="touch-button touch-button--primary" data-testid="approval-badge-submit">
          {t('approval.next')}
        </button>
      </div>
    </form>
  );
}

function PinStep({ prompt }: { prompt: PinPrompt }) {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const lockSeconds = useSecondsUntil(prompt.lockedUntil);
  const isLocked = lockSeconds > 0;
  const isBusy = isLocked || prompt.isChecking;
  useEffect(() => {
    if (!isBusy) input.current?.focus({ preventScroll: true });
  }, [isBusy]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (pin.length === 0 || isBusy) return;
    void submitPin(pin);
    // Never left on screen; a wrong PIN is typed again from scratch.
    setPin('');
  };
  const press = (digit: string) => setPin((value) => (value.length < MAX_PIN_LENGTH ? value + digit : value));
  const errorKey = isLocked ? 'pin.locked' : prompt.errorKey === 'pin.locked' ? null : prompt.errorKey;

  return (
    <form className="pin-dialog__form" onSubmit={submit}>
      <input
        ref={input}
        className="number-pad__display"
        type="password"
        inputMode="none"
        autoComplete="off"
        aria-label={t('pin.label')}
        data-testid="pin-input"
        disabled={isBusy}
        value={pin}
        onChange={(event) => setPin(event.target.value.replace(/\D/g, '').slice(0, MAX_PIN_LENGTH))}
      />
      {isLocked ? (
        <p className="form-error" role="alert" data-testid="pin-lock" data-seconds={lockSeconds}>
          {t('pin.lockedFor', { seconds: lockSeconds })}
        </p>
      ) : (
        errorKey && (
          <p className="form-error" role="alert" data-testid="pin-error" data-error={errorKey}>
            {t(errorKey)} {prompt.attemptsLeft > 0 && t('pin.attemptsLeft', { count: prompt.attemptsLeft })}
          </p>
        )
      )}
      {prompt.isChecking && <p className="screen__hint">{t('pin.checking')}</p>}
      <div className="number-pad pin-dialog__pad">
        {PIN_KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className="touch-button"
            data-testid={`pin-key-${key}`}
            disabled={isBusy}
            aria-label={key === 'back' ? t('pad.clear') : undefined}
            onClick={() => (key === 'back' ? setPin((value) => value.slice(0, -1)) : press(key))}
          >
            {key === 'back' ? t('pad.backspace') : key}
          </button>
        ))}
        <button
          type="submit"
          className="touch-button touch-button--primary"
          data-testid="pin-submit"
          disabled={isBusy || pin.length === 0}
        >
          {t('pin.ok')}
        </button>
      </div>
      <div className="entry-panel__foot">
        <button type="button" className="touch-button" data-testid="pin-cancel" onClick={cancelPinPrompt}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
