/** The printable A4 page of demo barcodes (GET /demo/barcodes): plain HTML with inline SVG, no script. */
import { code128Svg, escapeXml } from './code128';
import { demoBarcodes, type Bilingual, type DemoBarcode, type DemoBarcodeGroup } from './demo-barcodes';

const GROUPS: Array<{ group: DemoBarcodeGroup; title: Bilingual; note?: Bilingual }> = [
  {
    group: 'badge',
    title: { de: 'Ausweise', en: 'Badges' },
    note: {
      de: 'Gescannt meldet ein Ausweis an; an ST-40 Prüfplatz und bei getippter Nummer wird die PIN gefragt.',
      en: 'A scanned badge logs in; ST-40 Prüfplatz and a typed number ask for the PIN as well.',
    },
  },
  { group: 'order', title: { de: 'Aufträge', en: 'Orders' } },
  { group: 'operation', title: { de: 'Arbeitsgänge', en: 'Operations' } },
  {
    group: 'material',
    title: { de: 'Material (GS1-128)', en: 'Material (GS1-128)' },
    note: {
      de: 'GS1-128 (Code 128 mit FNC1) statt GS1 DataMatrix: GTIN (01), Verfallsdatum (17), Charge (10), Menge (30). Der Scanner muss AIM-Kennungen (]C1) oder GS senden.',
      en: 'GS1-128 (Code 128 with FNC1) instead of GS1 DataMatrix: GTIN (01), expiry (17), lot (10), count (30). The scanner must send AIM identifiers (]C1) or GS.',
    },
  },
  { group: 'command', title: { de: 'Befehle', en: 'Commands' } },
];

const STYLE = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font-family: system-ui, sans-serif; color: #000; background: #fff; margin: 0 auto; max-width: 186mm; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 0.3mm solid #000; break-after: avoid; }
p { font-size: 9pt; margin: 0 0 2mm; }
.en { color: #444; }
ul { list-style: none; padding: 0; margin: 0; display: grid; grid-template-columns: 1fr 1fr; gap: 3mm 6mm; }
li { break-inside: avoid; padding: 2mm 0; }
li svg { display: block; max-width: 100%; height: auto; }
.code { font-family: ui-monospace, monospace; font-size: 10pt; margin: 1mm 0 0; }
.meaning { font-size: 9pt; margin: 0.5mm 0 0; }
`;

function bilingual(text: Bilingual, tag: 'h1' | 'h2' | 'p', className?: string): string {
  const attribute = className === undefined ? '' : ` class="${className}"`;
  return `<${tag}${attribute}>${escapeXml(text.de)} <span class="en">/ ${escapeXml(text.en)}</span></${tag}>`;
}

function card(barcode: DemoBarcode): string {
  const svg = code128Svg(barcode.parts, { label: barcode.humanReadable });
  return (
    `<li data-group="${barcode.group}">${svg}` +
    `<p class="code">${escapeXml(barcode.humanReadable)}</p>` +
    `<p class="meaning">${escapeXml(barcode.meaning.de)}<br><span class="en">${escapeXml(barcode.meaning.en)}</span></p></li>`
  );
}

export function renderBarcodePage(now: number): string {
  const barcodes = demoBarcodes(now);
  const sections = GROUPS.map(({ group, title, note }) => {
    const cards = barcodes.filter((barcode) => barcode.group === group).map(card);
    return `<section>${bilingual(title, 'h2')}${note === undefined ? '' : bilingual(note, 'p')}<ul>${cards.join('')}</ul></section>`;
  });
  return [
    '<!doctype html>',
    '<html lang="de"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Takt Demo-Barcodes / demo barcodes</title>',
    `<style>${STYLE}</style></head><body>`,
    bilingual({ de: 'Takt Demo-Barcodes – Werk Nord', en: 'Takt demo barcodes – Werk Nord' }, 'h1'),
    bilingual(
      {
        de: `Zum Ausprobieren des Terminals mit Scanner oder Handy. Gedruckt am ${new Date(now).toISOString().slice(0, 10)}; Verfallsdaten gelten ab diesem Tag. Code 128, Modul 0,33 mm: in Originalgröße drucken.`,
        en: `For trying the terminal with a scanner or a phone. Printed on ${new Date(now).toISOString().slice(0, 10)}; expiry dates count from that day. Code 128, 0.33 mm module: print at 100 %.`,
      },
      'p',
    ),
    ...sections,
    '</body></html>',
  ].join('\n');
}
