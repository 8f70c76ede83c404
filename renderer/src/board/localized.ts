/** Master-data texts in the board's language, German when the plant did not write that one. */
export function localized(
  texts: { de: string; en: string; pl?: string | undefined; tr?: string | undefined } | undefined,
  language: string,
): string | undefined {
  if (texts === undefined) return undefined;
  const wanted = language === 'en' || language === 'pl' || language === 'tr' ? texts[language] : undefined;
  return wanted ?? texts.de;
}
