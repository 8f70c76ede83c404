import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeystoreStatusSchema, type KeystoreState } from '@shared/ipc/terminal-health';
import { electronBridge } from '../platform/bridge';
import { storagePersistence } from '../platform/storage-persistence';

/**
 * What plant IT must fix about the terminal itself: a token kept without a real keystore (Electron on Linux
 * without a secret service) or a browser that may evict the stored bookings. Nothing when all is well.
 */
export function TerminalWarnings() {
  const { t } = useTranslation();
  const [keystore, setKeystore] = useState<KeystoreState | null>(null);
  const [isStorageRefused, setIsStorageRefused] = useState(false);

  useEffect(() => {
    let isCurrent = true;
    void storagePersistence().then((answer) => isCurrent && setIsStorageRefused(answer === 'refused'));
    const bridge = electronBridge();
    if (bridge) {
      void bridge['app:keystore'](undefined).then((result) => {
        // The bridge is a boundary: an answer that does not fit the contract is not shown.
        const parsed = result.ok ? KeystoreStatusSchema.safeParse(result.value) : null;
        if (isCurrent && parsed?.success) setKeystore(parsed.data.state);
      });
    }
    return () => {
      isCurrent = false;
    };
  }, []);

  const warnings: Array<[string, string]> = [];
  if (keystore === 'basic-text' || keystore === 'unavailable') {
    warnings.push(['keystore-warning', t(`terminalWarnings.keystore.${keystore}`)]);
  }
  if (isStorageRefused) warnings.push(['storage-warning', t('terminalWarnings.storageNotPersistent')]);
  if (warnings.length === 0) return null;
  return (
    <div className="status-card status-card--wide status-card--warning" role="alert">
      <h2>{t('terminalWarnings.title')}</h2>
      {warnings.map(([testId, text]) => (
        <p key={testId} data-testid={testId}>
          {text}
        </p>
      ))}
    </div>
  );
}
