import { useTranslation } from 'react-i18next';

export function HomeScreen() {
  const { t } = useTranslation();
  return (
    <section className="screen screen--centered" data-testid="home-screen">
      <h1 className="screen__title">{t('home.scanBadge')}</h1>
      <p className="screen__hint">{t('home.scanHint')}</p>
    </section>
  );
}
