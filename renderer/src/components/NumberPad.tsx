import { useTranslation } from 'react-i18next';

interface NumberPadProps {
  value: string;
  onChange: (value: string) => void;
  allowDecimal?: boolean;
  maxLength?: number;
}

const KEYS = ['7', '8', '9', '4', '5', '6', '1', '2', '3'];

/** A keypad for gloved fingers: typing on a touch keyboard is what operators hate most. */
export function NumberPad({ value, onChange, allowDecimal = false, maxLength = 9 }: NumberPadProps) {
  const { t } = useTranslation();
  const press = (key: string) => {
    if (value.length >= maxLength) return;
    if (key === ',' && (!allowDecimal || value.includes(','))) return;
    onChange(value === '0' && key !== ',' ? key : value + key);
  };
  return (
    <div className="number-pad" data-testid="number-pad">
      <output className="number-pad__display" data-testid="number-pad-value">
        {(value || '0').replace(',', t('pad.decimalSign'))}
      </output>
      {KEYS.map((key) => (
        <button key={key} type="button" className="touch-button" data-testid={`pad-${key}`} onClick={() => press(key)}>
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
        {t('pad.decimalSign')}
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
  );
}

/** Parses what the pad shows (German decimal comma) into a number, or null. */
export function parsePadValue(value: string): number | null {
  if (value === '') return null;
  const number = Number(value.replace(',', '.'));
  return Number.isFinite(number) ? number : null;
}
