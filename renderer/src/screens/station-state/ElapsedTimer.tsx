import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatElapsed } from '../../workflows/station-state';

/** Time since `since`, ticking every second. */
export function ElapsedTimer({
  since,
  className,
  'data-testid': testId,
}: {
  since: number;
  className: string;
  'data-testid': string;
}) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <span className={className} data-testid={testId} aria-label={t('stationState.elapsed')} role="timer">
      {formatElapsed(now - since)}
    </span>
  );
}
