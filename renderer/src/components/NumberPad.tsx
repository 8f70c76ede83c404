import { useEffect, useRef, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { decimalSeparator } from '@shared/locale/decimal-numbers';

export interface PadShortcut {
  id: string;
  label: string;
  /** What the pad holds after the shortcut is pressed (its canonical decimal comma, see toPadValue). */
  value: string;
}

interface NumberPadProps {
  value: string;
  onChange: (value: string) => void;
  allowDecimal?: boolean;
  maxLength?: number;
  shortcuts?: readonly PadShortcut[];
}

const KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3'];

/**
 * A keypad for gloved fingers: typing on a touch keyboard is what operators hate most. The display is a
 * focused input, so a physical keyboard works too: the wedge listener replays a person's digits into it,
 * Backspace edits it natively and Enter submits the surrounding form.
 */
export function NumberPad({ value, onChange, allowDecimal = false, maxLength = 9, shortcuts = [] }: NumberPadProps) {
  const { t, i18n } = useTranslation();
  const display = useRef<HTMLInputElement>(null);
  // The pad holds a comma; it shows and types the UI language's separator, so "119,5" reads right in de.
  const decimalSign = decimalSeparator(i18n.language);
  // No scroll: on a narrow portrait screen the browser would otherwise shift the whole terminal sideways.
  useEffect(() => display.current?.focus({ preventScroll: true }), []);

  const press = (key: string) => {
    if (value.length >= maxLength) return;
    if (key === ',' && (!allowDecimal || value.includes(','))) return;
    onChange(value === '0' && key !== ',' ? key : value + key);
  };
  return (
    <div className="number-pad-row">
      <div className="number-pad" data-testid="number-pad">
        <input
          ref={display}
          className="number-pad__display"
          data-testid="number-pad-value"
          aria-label={t('pad.value')}
          inputMode="none"
          autoComplete="off"
          value={value.replace(',', decimalSign)}
          onChange={(event) => onChange(sanitizePadInput(event.target.value, decimalSign, allowDecimal, maxLength))}
        />
        {KEYS.map((key) => (
          <button
            key={key}
            type="button"
            className="touch-button"
            data-testid={`pad-${key}`}
            onClick={() => press(key)}
          >
            {key}
          </button>
        ))}
        <button
          type="button"
          className="touch-button"
          data-testid="pad-comma"
          disabled={!allowDecimal}
          onClick={() => press(',')}
          aria-label={t('pad.decimal')}
        >
          {decimalSign}
        </button>
        <button type="button" className="touch-button" data-testid="pad-0" onClick={() => press('0')}>
          {t('pad.zero')}
        </button>
        <button
          type="button"
          className="touch-button"
          data-testid="pad-clear"
          aria-label={t('pad.clear')}
          onClick={() => onChange(value.slice(0, -1))}
        >
          {t('pad.backspace')}
        </button>
      </div>
      {shortcuts.length > 0 && (
        <div className="number-pad__shortcuts">
          {shortcuts.map((shortcut) => (
            <button
              key={shortcut.id}
              type="button"
              className="touch-button"
              data-testid={`pad-${shortcut.id}`}
              onClick={() => onChange(shortcut.value)}
            >
              {shortcut.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/** What a keyboard put into the display, reduced to what the pad itself could have typed. */
export function sanitizePadInput(typed: string, decimalSign: string, allowDecimal: boolean, maxLength: number): string {
  let result = '';
  for (const char of typed) {
    const isSeparator = char === ',' || char === '.' || char === decimalSign;
    if (/^\d$/.test(char)) result = result === '0' ? char : result + char;
    else if (isSeparator && allowDecimal && !result.includes(',')) result += ',';
  }
  return result.slice(0, maxLength);
}

/** Touching a button must not take the focus from the pad, or a physical keyboard would stop working. */
export function keepPadFocus(event: MouseEvent<HTMLElement>): void {
  if (!(event.target instanceof HTMLInputElement)) event.preventDefault();
}

/** Parses what the pad holds (its canonical decimal comma) into a number, or null. */
export function parsePadValue(value: string): number | null {
  if (value === '') return null;
  const number = Number(value.replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}

/** A number as the pad holds it (canonical decimal comma, whatever the UI language shows). */
export function toPadValue(quantity: number): string {
  return String(quantity).replace('.', ',');
}
