import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation, Order } from '@shared/master-data';
import { nextToInspect } from '@shared/quality';
import { useTerminalStore } from '../../store/terminal-store';
import { AttributeEntry } from './quality/AttributeEntry';
import { CharacteristicSpec } from './quality/CharacteristicSpec';
import { QualityChecklist } from './quality/QualityChecklist';
import { useQualityChecklist } from './quality/use-quality-checklist';
import { VariableEntry } from './quality/VariableEntry';
import './quality/quality.css';

/** Follows the plan (next due, else next open) until the operator picks one; after a save it follows again. */
type Selection = { kind: 'follow-plan'; after: string | null } | { kind: 'chosen'; id: string };

/** The quality plan as a checklist: it stays open between values until the operator closes it. */
export function QualityPanel({ operation, order }: { operation: Operation; order: Order | undefined }) {
  const { t } = useTranslation();
  const { plan, items } = useQualityChecklist(operation, order);
  const [selection, setSelection] = useState<Selection>({ kind: 'follow-plan', after: null });
  const currentId = selection.kind === 'chosen' ? selection.id : nextToInspect(items, selection.after);
  const currentItem = items.find((item) => item.characteristic.id === currentId);
  const current = currentItem?.characteristic;
  // A result saved another way (after a confirmation question) clears the entry, or Save would book it twice.
  const entryKey = `${currentId ?? ''}@${currentItem?.last?.at ?? 0}`;
  const dueCount = items.filter((item) => item.state === 'due').length;
  const onSaved = (id: string) => () => setSelection({ kind: 'follow-plan', after: id });
  const choose = (id: string) => setSelection({ kind: 'chosen', id });

  return (
    <div className="entry-panel quality-panel" data-testid="panel-quality" data-current={currentId ?? ''}>
      <header className="quality-panel__head">
        <h3>{plan?.name ?? t('work.quality')}</h3>
        <span className="quality-state quality-state--due" data-testid="quality-due-summary" data-count={dueCount}>
          {t('quality.dueCount', { count: dueCount })}
        </span>
      </header>
      <div className="quality-panel__body">
        <QualityChecklist items={items} currentId={currentId} onChoose={choose} />
        <section className="quality-panel__entry" aria-live="polite">
          {current ? (
            <>
              <CharacteristicSpec characteristic={current} />
              {current.kind === 'variable' ? (
                <VariableEntry key={entryKey} characteristic={current} onSaved={onSaved(current.id)} />
              ) : (
                <AttributeEntry key={entryKey} characteristic={current} onSaved={onSaved(current.id)} />
              )}
            </>
          ) : (
            <p className="screen__hint" data-testid="quality-all-done">
              {t('quality.allDone')}
            </p>
          )}
        </section>
      </div>
      <div className="entry-panel__foot">
        <button
          type="button"
          className="touch-button"
          data-testid="quality-close"
          onClick={() => useTerminalStore.setState({ panel: null })}
        >
          {t('quality.close')}
        </button>
      </div>
    </div>
  );
}
