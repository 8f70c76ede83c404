import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Operation } from '@shared/master-data';
import { NumberPad, parsePadValue } from '../../components/NumberPad';
import { PanelCancelButton } from '../../components/PanelCancelButton';
import { useTerminalStore } from '../../store/terminal-store';
import {
  bookMaterialEntry,
  cancelMaterialEntry,
  loadMaterialChecklist,
  type MaterialEntry,
} from '../../workflows/material-scan';
import type { ChecklistRow } from '../../workflows/material-use';
import { isCountUnit } from '../../workflows/units';

/** The operation's bill of materials as a checklist (consumed against expected), and the quantity pad for a label without one. */
export function MaterialPanel({ operation }: { operation: Operation }) {
  const { t } = useTranslation();
  const activity = useTerminalStore((s) => s.activity);
  const masterRevision = useTerminalStore((s) => s.masterRevision);
  const entry = useTerminalStore((s) => s.materialEntry);
  const [rows, setRows] = useState<ChecklistRow[] | null | undefined>(undefined);

  // Re-read after every booking (activity is re-derived then) and every master-data pull.
  useEffect(() => {
    let isCurrent = true;
    void loadMaterialChecklist(operation.id).then((checklist) => isCurrent && setRows(checklist));
    return () => {
      isCurrent = false;
    };
  }, [operation.id, activity, masterRevision]);

  const pending = entry?.operationId === operation.id ? entry : null;
  return (
    <div className="entry-panel material-panel" data-testid="panel-material">
      <h3>{t('work.material.title')}</h3>
      {pending ? (
        <MaterialQuantityForm key={`${pending.label.gtin}|${pending.label.lot ?? ''}`} entry={pending} />
      ) : (
        <p className="screen__hint">{t('work.material.scanHint')}</p>
      )}
      {rows === null && <p className="rule-hint">{t('work.material.noBom')}</p>}
      {rows && <BomChecklist rows={rows} />}
      {!pending && (
        <div className="entry-panel__foot">
          <PanelCancelButton />
        </div>
      )}
    </div>
  );
}

function BomChecklist({ rows }: { rows: readonly ChecklistRow[] }) {
  const { t, i18n } = useTranslation();
  const format = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 3 });
  return (
    <ul className="bom-list" data-testid="bom-checklist">
      {rows.map(({ component, consumed, expected, lots, isComplete }) => (
        <li key={component.id} className="bom-item" data-testid={`bom-${component.id}`} data-complete={isComplete}>
          <span className="bom-item__check" aria-hidden="true" />
          <span className="bom-item__name">{component.name}</span>
          <span className="bom-item__numbers">
            {[component.materialNumber, component.gtin && `GTIN ${component.gtin}`].filter(Boolean).join(' · ')}
            {component.isLotRequired && ` · ${t('work.material.lotRequired')}`}
            {component.isSerialRequired && ` · ${t('work.material.serialRequired')}`}
          </span>
          <span className="bom-item__amount" data-testid="bom-consumed">
            {t('work.material.consumedOfExpected', {
              consumed: format.format(consumed),
              expected: format.format(expected),
              unit: component.unit,
            })}
          </span>
          {lots.length > 0 && (
            <span className="bom-item__lots">{t('work.material.lots', { lots: lots.join(', ') })}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function MaterialQuantityForm({ entry }: { entry: MaterialEntry }) {
  const { t } = useTranslation();
  // Empty pad = the BOM's default; typing replaces it rather than appending to it.
  const [value, setValue] = useState('');
  const { component, label } = entry;
  const quantity = value === '' ? entry.defaultQuantity : parsePadValue(value);
  const canSave = quantity !== null && quantity > 0;
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (canSave) void bookMaterialEntry(quantity);
  };
  return (
    <form className="material-entry" data-testid="material-entry" onSubmit={save}>
      <p className="material-entry__label">
        <strong data-testid="material-entry-name">{component.name}</strong>
        {' · '}
        <span data-testid="material-entry-unit">{component.unit}</span>
        {label.lot && ` · ${t('work.material.lot', { lot: label.lot })}`}
      </p>
      <p className="screen__hint">
        {t('work.material.enterQuantity', { quantity: entry.defaultQuantity, unit: component.unit })}
      </p>
      <div className="entry-panel__body">
        <NumberPad value={value} onChange={setValue} allowDecimal={!isCountUnit(component.unit)} />
      </div>
      <div className="entry-panel__foot">
        <button
          type="button"
          className="touch-button"
          data-testid="material-entry-cancel"
          onClick={cancelMaterialEntry}
        >
          {t('common.cancel')}
        </button>
        <button
          type="submit"
          className="touch-button touch-button--primary"
          data-testid="panel-save"
          disabled={!canSave}
        >
          {t('work.material.book', { quantity: quantity ?? '', unit: component.unit })}
        </button>
      </div>
    </form>
  );
}
