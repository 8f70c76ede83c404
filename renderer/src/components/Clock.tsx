import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

export function Clock() {
  const { i18n } = useTranslation();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 1_000);
    return () => clearInterval(timer);
  }, []);
  const time = now.toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const date = now.toLocaleDateString(i18n.language, { weekday: 'short', day: '2-digit', month: '2-digit' });
  return (
    <div className="clock" data-testid="clock">
      <span className="clock__time">{time}</span>
      <span className="clock__date">{date}</span>
    </div>
  );
}
