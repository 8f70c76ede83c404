import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reason } from '@shared/master-data';
import { getTerminalData } from '../../data';
import { masterText } from '../../i18n/master-text';
import { isLanguage } from '../../i18n/messages';
import { useTerminalStore } from '../../store/terminal-store';

/** A reason's text from the master data in the current language; the code while it is unknown. */
export function useReasonText(kind: Reason['kind'], code: string | null): string | null {
  const { i18n } = useTranslation();
  const masterRevision = useTerminalStore((s) => s.masterRevision);
  const [reasons, setReasons] = useState<Reason[]>([]);
  useEffect(() => {
    let isCurrent = true;
    void getTerminalData()
      .master.listReasons(kind)
      .then((list) => isCurrent && setReasons(list));
    return () => {
      isCurrent = false;
    };
  }, [kind, masterRevision]);
  if (code === null) return null;
  const language = isLanguage(i18n.language) ? i18n.language : 'de';
  const reason = reasons.find((candidate) => candidate.id === code);
  return reason ? masterText(reason.text, language) : code;
}
