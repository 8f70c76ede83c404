/**
 * The barcodes of the printable demo page: every demo badge, a few orders and operations, material labels
 * (one right, one expired lot, one wrong material) and the command barcodes, all drawn from the demo plant
 * so the page cannot drift from what the terminals pull.
 */
import { formatGs1HumanReadable, serializeGs1ElementString, type Gs1Elements } from '@shared/barcode';
import { SCAN_COMMANDS, type ScanCommand } from '@shared/barcode';
import { DEMO_COMPONENTS, DEMO_OPERATORS, DEMO_STATIONS, demoOrders } from '../seed/demo-plant';
import { FNC1, type Code128Part } from './code128';

export type DemoBarcodeGroup = 'badge' | 'order' | 'operation' | 'material' | 'command';

/** German and English side by side: the page is for people trying the terminal, in either language. */
export interface Bilingual {
  de: string;
  en: string;
}

export interface DemoBarcode {
  group: DemoBarcodeGroup;
  /** What the bars carry; FNC1 marks GS1-128. */
  parts: Code128Part[];
  /** Printed under the bars. */
  humanReadable: string;
  /** What scanning it does. */
  meaning: Bilingual;
  /** The GS1 elements of a material label, for tests and the page. */
  elements?: Gs1Elements;
}

/** Every demo station reads labels the same way (Werk Nord's patterns). */
export const DEMO_SCAN_PATTERNS = DEMO_STATIONS[0]?.scanPatterns ?? {};

const SHOWN_ORDERS = ['FA1000004', 'FA1000005', 'FA1000006', 'FA1000007'];
const SHOWN_OPERATIONS = ['FA1000004-0010', 'FA1000004-0020', 'FA1000005-0010', 'FA1000006-0010', 'FA1000007-0010'];

const COMMAND_MEANINGS: Record<ScanCommand, Bilingual> = {
  logout: { de: 'Abmelden', en: 'Log out' },
  cancel: { de: 'Abbrechen', en: 'Cancel' },
  confirm: { de: 'Bestätigen', en: 'Confirm' },
  start: { de: 'Starten', en: 'Start' },
  interrupt: { de: 'Unterbrechen', en: 'Interrupt' },
  resume: { de: 'Fortsetzen', en: 'Resume' },
  finish: { de: 'Beenden', en: 'Finish' },
};

const DAY_MS = 86_400_000;

/** GS1 dates are YYMMDD. */
function gs1Date(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(2, 10).replaceAll('-', '');
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** GS1-128: FNC1 first, then FNC1 wherever the element string has a GS (after a variable-length AI). */
export function gs1Parts(elements: Gs1Elements): Code128Part[] {
  const parts: Code128Part[] = [];
  for (const segment of serializeGs1ElementString(elements).split('\u001d')) parts.push(FNC1, segment);
  return parts;
}

function materialLabel(
  component: keyof typeof DEMO_COMPONENTS,
  lot: string,
  expiresAt: number,
  count: number,
  meaning: Bilingual,
): DemoBarcode {
  const { gtin, name } = DEMO_COMPONENTS[component];
  const elements: Gs1Elements = { '01': gtin, '10': lot, '17': gs1Date(expiresAt), '30': String(count) };
  const expiry = isoDate(expiresAt);
  return {
    group: 'material',
    parts: gs1Parts(elements),
    humanReadable: formatGs1HumanReadable(elements),
    meaning: {
      de: `${name}, Charge ${lot}, ${count} Stk, verwendbar bis ${expiry}: ${meaning.de}`,
      en: `${name}, lot ${lot}, ${count} pcs, expires ${expiry}: ${meaning.en}`,
    },
    elements,
  };
}

/** Expiry dates follow `now`, so a printed page stays right for a year and the expired lot stays expired. */
export function demoBarcodes(now: number): DemoBarcode[] {
  const { orders, operations } = demoOrders(now);
  const stationName = (id: string) => DEMO_STATIONS.find((station) => station.id === id)?.name ?? id;

  const badges = DEMO_OPERATORS.map((operator): DemoBarcode => {
    const role =
      operator.role === 'lead' ? { de: 'Schichtführung', en: 'shift lead' } : { de: 'Werker', en: 'operator' };
    return {
      group: 'badge',
      parts: [operator.badgeUid],
      humanReadable: operator.badgeUid,
      meaning: {
        de: `${operator.name}, ${role.de}, PIN ${operator.pin}`,
        en: `${operator.name}, ${role.en}, PIN ${operator.pin}`,
      },
    };
  });

  const orderCodes = SHOWN_ORDERS.map((number): DemoBarcode => {
    const order = orders.find((candidate) => candidate.number === number);
    const what = order === undefined ? '' : ` ${order.materialText}, ${order.quantity} ${order.unit}`;
    return {
      group: 'order',
      parts: [number],
      humanReadable: number,
      meaning: { de: `Auftrag ${number}${what}`, en: `Order ${number}${what}` },
    };
  });

  const operationCodes = SHOWN_OPERATIONS.map((id): DemoBarcode => {
    const operation = operations.find((candidate) => candidate.id === id);
    const order = orders.find((candidate) => candidate.id === operation?.orderId);
    const text = operation === undefined ? '' : ` ${operation.text} ${order?.materialText ?? ''}`.trimEnd();
    const where = operation === undefined ? '' : ` (${operation.stationId} ${stationName(operation.stationId)})`;
    const [orderNumber, operationNumber] = id.split('-');
    return {
      group: 'operation',
      parts: [id],
      humanReadable: id,
      meaning: {
        de: `Auftrag ${orderNumber} Arbeitsgang ${operationNumber}${text}${where}`,
        en: `Order ${orderNumber} op ${operationNumber}${text}${where}`,
      },
    };
  });

  const materials = [
    materialLabel('aluminiumDisc', 'L2411', now + 365 * DAY_MS, 25, {
      de: 'richtig für FA1000004 Arbeitsgang 0010',
      en: 'right for FA1000004 op 0010',
    }),
    materialLabel('oRing52', 'OR2409', now + 365 * DAY_MS, 100, {
      de: 'richtig für FA1000004 Arbeitsgang 0020',
      en: 'right for FA1000004 op 0020',
    }),
    materialLabel('aluminiumDisc', 'L2407', now - 30 * DAY_MS, 25, {
      de: 'abgelaufene Charge, wird abgewiesen',
      en: 'expired lot, refused',
    }),
    materialLabel('barSteel45', 'S2410', now + 365 * DAY_MS, 10, {
      de: 'falsches Material für FA1000004, wird abgewiesen',
      en: 'wrong material for FA1000004, refused',
    }),
  ];

  const prefix = DEMO_SCAN_PATTERNS.commandPrefix ?? '';
  const commands = SCAN_COMMANDS.map((command): DemoBarcode => ({
    group: 'command',
    parts: [`${prefix}${command}`],
    humanReadable: `${prefix}${command}`,
    meaning: COMMAND_MEANINGS[command],
  }));

  return [...badges, ...orderCodes, ...operationCodes, ...materials, ...commands];
}
