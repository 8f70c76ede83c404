import type { ReactNode } from 'react';
import type { BookingType } from '@shared/booking';
import { useTranslation } from 'react-i18next';
import { useTerminalStore } from '../store/terminal-store';
import { isTapOfLastSave } from '../workflows/one-intent';

/**
 * A button that books a `kind` of booking. While that kind is saving it is disabled and says so, so the
 * operator sees the first tap was taken; the workflow ignores repeats either way. Right after any save it
 * ignores taps too (see SETTLE_MS), without looking disabled.
 */
export function BookingButton({
  kind,
  type = 'button',
  className = 'touch-button',
  'data-testid': testId,
  isDisabled = false,
  onClick,
  children,
}: {
  /** The booking type it saves: the key the workflow guards. */
  kind: BookingType;
  /** `submit` saves through the surrounding form (so Enter on a keyboard saves too). */
  type?: 'button' | 'submit';
  className?: string;
  'data-testid': string;
  isDisabled?: boolean;
  onClick?: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const isSaving = useTerminalStore((s) => s.savingActions.has(kind));
  const isSettling = useTerminalStore((s) => s.isSettling);
  return (
    <button
      type={type}
      className={className}
      data-testid={testId}
      disabled={isDisabled || isSaving || isSettling}
      data-settling={isSettling && !isDisabled && !isSaving}
      aria-busy={isSaving}
      onClick={(event) => {
        if (isTapOfLastSave(event.timeStamp)) event.preventDefault();
        else onClick?.();
      }}
    >
      {isSaving ? t('common.saving') : children}
    </button>
  );
}
