import type { Operation, Order, QualityPlan, Reason, Shift, Station } from '../../../shared/master-data';
import type { Db } from '../db/database';
import { sha256Hex } from '../hashing';
import { importMasterData, type ImportSummary } from '../master-data/import';
import { pinHash, type OperatorImportRow, type PinHasher, type SaltSource } from '../master-data/operator-secrets';
import { createMasterDataStore } from '../master-data/store';

// "Werk Nord": a small machining and assembly plant. Every value is fixed so tests and screenshots repeat;
// only the due dates follow the seed day. Demo badges and PINs are listed in the README and docs/sync-protocol.md.

/** How Werk Nord's own labels look: orders FA + 7 digits, operations FA…-0010, badges 4-byte hex UIDs. */
const WERK_NORD_SCAN_PATTERNS = {
  orderPattern: '^FA\\d{7}$',
  operationPattern: '^(?<order>FA\\d{7})[-/](?<operation>\\d{4})$',
  badgePattern: '^[0-9A-F]{8}$',
  commandPrefix: '#CMD:',
};

export const DEMO_STATIONS: Station[] = [
  { id: 'ST-10', name: 'Drehzentrum 1', area: 'Zerspanung', scanPatterns: WERK_NORD_SCAN_PATTERNS },
  { id: 'ST-20', name: 'Fräszentrum 2', area: 'Zerspanung', scanPatterns: WERK_NORD_SCAN_PATTERNS },
  // Assembly benches: several orders may be in work side by side, unlike the machines.
  {
    id: 'ST-30',
    name: 'Montage',
    area: 'Montage',
    scanPatterns: WERK_NORD_SCAN_PATTERNS,
    allowsParallelOperations: true,
  },
  // The inspection bench signs off quality results: every login there needs the PIN as well.
  {
    id: 'ST-40',
    name: 'Prüfplatz',
    area: 'Qualität',
    scanPatterns: WERK_NORD_SCAN_PATTERNS,
    loginMode: 'badge+pin',
  },
];

export const DEMO_OPERATORS: OperatorImportRow[] = [
  { id: 'P-1001', name: 'Anna Berger', role: 'operator', badgeUid: '04A1B2C3', pin: '1234' },
  { id: 'P-1002', name: 'Mehmet Yılmaz', role: 'operator', badgeUid: '04A1B2C4', pin: '2345' },
  { id: 'P-1003', name: 'Katarzyna Nowak', role: 'operator', badgeUid: '04A1B2C5', pin: '3456' },
  { id: 'P-1004', name: 'Jonas Weber', role: 'operator', badgeUid: '04A1B2C6', pin: '4567' },
  { id: 'P-1005', name: 'Ana Popescu', role: 'operator', badgeUid: '04A1B2C7', pin: '5678' },
  { id: 'P-1006', name: 'Luca Bianchi', role: 'operator', badgeUid: '04A1B2C8', pin: '6789', language: 'en' },
  { id: 'P-2001', name: 'Sabine Krüger', role: 'lead', badgeUid: '04A1B2D1', pin: '2468' },
  { id: 'P-2002', name: 'Thomas Schmidt', role: 'lead', badgeUid: '04A1B2D2', pin: '1357' },
];

const reason = (id: string, kind: Reason['kind'], de: string, en: string): Reason => ({ id, kind, text: { de, en } });

export const DEMO_REASONS: Reason[] = [
  reason('S01', 'scrap', 'Materialfehler', 'Material defect'),
  reason('S02', 'scrap', 'Einrichtteil', 'Setup piece'),
  reason('S03', 'scrap', 'Werkzeugbruch', 'Tool breakage'),
  reason('S04', 'scrap', 'Maß außer Toleranz', 'Dimension out of tolerance'),
  reason('S05', 'scrap', 'Oberflächenfehler', 'Surface defect'),
  reason('R01', 'rework', 'Entgraten', 'Deburring'),
  reason('R02', 'rework', 'Maß nacharbeiten', 'Re-machine dimension'),
  reason('I01', 'interrupt', 'Pause', 'Break'),
  reason('I02', 'interrupt', 'Schichtende', 'End of shift'),
  reason('I03', 'interrupt', 'Auftragswechsel', 'Order change'),
  reason('D01', 'downtime', 'Kein Material', 'No material'),
  reason('D02', 'downtime', 'Werkzeugwechsel', 'Tool change'),
  reason('D03', 'downtime', 'Maschinenstörung', 'Machine breakdown'),
  reason('D04', 'downtime', 'Warten auf QS-Freigabe', 'Waiting for quality approval'),
  reason('D05', 'downtime', 'Wartung', 'Maintenance'),
];

export const DEMO_QUALITY_PLANS: QualityPlan[] = [
  {
    id: 'QP-WELLE',
    name: 'Prüfplan Antriebswelle',
    characteristics: [
      {
        id: 'WEL-DIA',
        name: { de: 'Durchmesser Ø40 h6', en: 'Diameter Ø40 h6' },
        kind: 'variable',
        nominal: 40,
        lower: 39.984,
        upper: 40,
        unit: 'mm',
      },
      {
        id: 'WEL-LEN',
        name: { de: 'Gesamtlänge', en: 'Overall length' },
        kind: 'variable',
        nominal: 120,
        lower: 119.9,
        upper: 120.1,
        unit: 'mm',
      },
      {
        id: 'WEL-RA',
        name: { de: 'Rauheit Ra', en: 'Roughness Ra' },
        kind: 'variable',
        nominal: 0.8,
        lower: 0,
        upper: 1.6,
        unit: 'µm',
      },
      { id: 'WEL-SURF', name: { de: 'Oberfläche ohne Riefen', en: 'Surface free of scores' }, kind: 'attribute' },
    ],
  },
  {
    id: 'QP-GEHAEUSE',
    name: 'Prüfplan Getriebegehäuse',
    characteristics: [
      {
        id: 'GEH-BORE',
        name: { de: 'Lagerbohrung Ø52 H7', en: 'Bearing bore Ø52 H7' },
        kind: 'variable',
        nominal: 52,
        lower: 52,
        upper: 52.03,
        unit: 'mm',
      },
      { id: 'GEH-LEAK', name: { de: 'Dichtheit', en: 'Leak tightness' }, kind: 'attribute' },
      { id: 'GEH-VIS', name: { de: 'Sichtprüfung', en: 'Visual inspection' }, kind: 'attribute' },
    ],
  },
];

export const DEMO_SHIFTS: Shift[] = [
  { id: 'early', name: 'Frühschicht', start: '06:00', end: '14:00' },
  { id: 'late', name: 'Spätschicht', start: '14:00', end: '22:00' },
  { id: 'night', name: 'Nachtschicht', start: '22:00', end: '06:00' },
];

interface RoutingStep {
  text: string;
  stationId: string;
  setupMinutes: number;
  cycleSeconds: number;
  qualityPlanId?: string;
}

const MATERIALS: Array<{ material: string; materialText: string; routing: RoutingStep[] }> = [
  {
    material: 'WEL-4711',
    materialText: 'Antriebswelle Ø40',
    routing: [
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 45, cycleSeconds: 180 },
      { text: 'Fräsen Passfedernut', stationId: 'ST-20', setupMinutes: 30, cycleSeconds: 95 },
      { text: 'Endprüfung', stationId: 'ST-40', setupMinutes: 10, cycleSeconds: 60, qualityPlanId: 'QP-WELLE' },
    ],
  },
  {
    material: 'FLA-2210',
    materialText: 'Flansch DN80',
    routing: [
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 30, cycleSeconds: 120 },
      { text: 'Bohren Lochkreis', stationId: 'ST-20', setupMinutes: 20, cycleSeconds: 75 },
    ],
  },
  {
    material: 'GEH-3300',
    materialText: 'Getriebegehäuse',
    routing: [
      { text: 'Fräsen Grundkörper', stationId: 'ST-20', setupMinutes: 60, cycleSeconds: 420 },
      { text: 'Fräsen Deckelseite', stationId: 'ST-20', setupMinutes: 25, cycleSeconds: 240 },
      { text: 'Lager einpressen', stationId: 'ST-30', setupMinutes: 15, cycleSeconds: 150 },
      {
        text: 'Dichtheitsprüfung',
        stationId: 'ST-40',
        setupMinutes: 10,
        cycleSeconds: 90,
        qualityPlanId: 'QP-GEHAEUSE',
      },
    ],
  },
  {
    material: 'DEC-1150',
    materialText: 'Lagerdeckel',
    routing: [
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 25, cycleSeconds: 90 },
      { text: 'Dichtring montieren', stationId: 'ST-30', setupMinutes: 5, cycleSeconds: 30 },
    ],
  },
  {
    material: 'BOL-0815',
    materialText: 'Zentrierbolzen Ø12',
    routing: [
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 20, cycleSeconds: 45 },
      { text: 'Sichtprüfung', stationId: 'ST-40', setupMinutes: 5, cycleSeconds: 20 },
    ],
  },
];

const QUANTITIES = [50, 120, 200, 80, 500, 40, 150, 250, 60, 100, 75, 300, 20, 90, 400, 35, 180, 220, 45, 160];

export const DEMO_ORDER_COUNT = QUANTITIES.length;
/** FA1000001..FA1000003 are running, FA1000019 and FA1000020 are closed, the rest are released. */
export function demoOrderNumber(index: number): string {
  return `FA${1_000_001 + index}`;
}

function orderStatus(index: number): Order['status'] {
  if (index < 3) return 'in-progress';
  return index >= DEMO_ORDER_COUNT - 2 ? 'closed' : 'released';
}

function isoDay(epochMs: number, plusDays: number): string {
  return new Date(epochMs + plusDays * 86_400_000).toISOString().slice(0, 10);
}

export function demoOrders(seedDay: number): { orders: Order[]; operations: Operation[] } {
  const orders: Order[] = [];
  const operations: Operation[] = [];
  QUANTITIES.forEach((quantity, index) => {
    const spec = MATERIALS[index % MATERIALS.length];
    if (spec === undefined) return;
    const { material, materialText, routing } = spec;
    const number = demoOrderNumber(index);
    const status = orderStatus(index);
    orders.push({
      id: number,
      number,
      material,
      materialText,
      quantity,
      unit: 'Stk',
      dueDate: isoDay(seedDay, index - 2),
      status,
    });
    routing.forEach((step, stepIndex) => {
      const operationNumber = String((stepIndex + 1) * 10).padStart(4, '0');
      // A running order has its first step done and the second in work.
      const stepStatus: Operation['status'] =
        status === 'closed'
          ? 'closed'
          : status === 'in-progress'
            ? stepIndex === 0
              ? 'closed'
              : stepIndex === 1
                ? 'in-progress'
                : 'released'
            : 'released';
      operations.push({
        id: `${number}-${operationNumber}`,
        orderId: number,
        number: operationNumber,
        text: step.text,
        stationId: step.stationId,
        setupMinutes: step.setupMinutes,
        cycleSeconds: step.cycleSeconds,
        status: stepStatus,
        ...(step.qualityPlanId === undefined ? {} : { qualityPlanId: step.qualityPlanId }),
      });
    });
  });
  return { orders, operations };
}

/** Salts derived from the operator id: the demo hashes are the same on every machine. */
export const demoSalt: SaltSource = (purpose, operatorId) =>
  sha256Hex(`takt-demo-${purpose}-${operatorId}`).slice(0, 32);

// Demo salts are fixed, so the PBKDF2 results are too: computed once per process, not on every seed.
const demoPinHashes = new Map<string, Promise<string>>();
const demoPinHash: PinHasher = (input) => {
  const key = [input.canonicalUid, input.pin, input.salt, input.iterations].join('\u0000');
  let hash = demoPinHashes.get(key);
  if (hash === undefined) {
    hash = pinHash(input);
    demoPinHashes.set(key, hash);
  }
  return hash;
};

/** Writes the demo plant through the regular import (so operators are hashed like any import). */
export async function seedDemoPlant(db: Db, options: { now?: () => number } = {}): Promise<ImportSummary> {
  const now = options.now ?? Date.now;
  const { orders, operations } = demoOrders(now());
  const store = createMasterDataStore(db, now);
  const outcome = await importMasterData(
    store,
    {
      mode: 'merge',
      stations: DEMO_STATIONS,
      operators: DEMO_OPERATORS,
      reasons: DEMO_REASONS,
      qualityPlans: DEMO_QUALITY_PLANS,
      shifts: DEMO_SHIFTS,
      orders,
      operations,
    },
    { makeSalt: demoSalt, hashPin: demoPinHash },
  );
  if (!outcome.ok) throw new Error(`demo plant data is invalid: ${outcome.errors.join('; ')}`);
  return outcome.summary;
}
