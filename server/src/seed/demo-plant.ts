import type {
  BillOfMaterials,
  BomComponent,
  Operation,
  Order,
  QualityPlan,
  Reason,
  Shift,
  Station,
} from '@shared/master-data';
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
  reason('V01', 'reversal', 'Falsche Menge eingegeben', 'Wrong quantity entered'),
  reason('V02', 'reversal', 'Falscher Auftrag', 'Wrong order'),
  reason('V03', 'reversal', 'Doppelt gebucht', 'Booked twice'),
  reason('V04', 'reversal', 'Falscher Grund', 'Wrong reason'),
  // Defect codes: what is wrong with a part that failed an attribute inspection.
  reason('F01', 'defect', 'Riefen', 'Scores'),
  reason('F02', 'defect', 'Kratzer', 'Scratches'),
  reason('F03', 'defect', 'Grat', 'Burr'),
  reason('F04', 'defect', 'Undicht', 'Leaking'),
  reason('F05', 'defect', 'Lunker', 'Blowholes'),
];

// First piece after each production start, then every 50 good pieces, and once more at the finish.
const AT_START = { kind: 'start' } as const;
const EVERY_50 = { kind: 'every', pieces: 50 } as const;
const AT_FINISH = { kind: 'finish' } as const;

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
        decimals: 3,
        due: [AT_START, EVERY_50],
      },
      {
        id: 'WEL-LEN',
        name: { de: 'Gesamtlänge', en: 'Overall length' },
        kind: 'variable',
        nominal: 120,
        lower: 119.5,
        upper: 120.5,
        unit: 'mm',
        decimals: 2,
        due: [AT_START, AT_FINISH],
      },
      {
        id: 'WEL-RA',
        name: { de: 'Rauheit Ra', en: 'Roughness Ra' },
        kind: 'variable',
        nominal: 0.8,
        lower: 0,
        upper: 1.6,
        unit: 'µm',
        decimals: 1,
        due: [EVERY_50],
      },
      {
        id: 'WEL-SURF',
        name: { de: 'Oberfläche ohne Riefen', en: 'Surface free of scores' },
        kind: 'attribute',
        due: [AT_START, AT_FINISH],
      },
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
        decimals: 3,
        due: [AT_START, EVERY_50],
      },
      {
        id: 'GEH-LEAK',
        name: { de: 'Dichtheit', en: 'Leak tightness' },
        kind: 'attribute',
        due: [EVERY_50, AT_FINISH],
      },
      { id: 'GEH-VIS', name: { de: 'Sichtprüfung', en: 'Visual inspection' }, kind: 'attribute', due: [AT_FINISH] },
    ],
  },
];

/** Werk Nord's three 8-hour shifts, each with a 30-minute meal break and two 15-minute breaks (45 paid minutes off). */
export const DEMO_SHIFTS: Shift[] = [
  {
    id: 'early',
    name: 'Frühschicht',
    start: '06:00',
    end: '14:00',
    breaks: [
      { start: '08:00', end: '08:15', name: 'Pause' },
      { start: '10:00', end: '10:30', name: 'Frühstück' },
      { start: '12:00', end: '12:15', name: 'Pause' },
    ],
    timeZone: 'Europe/Berlin',
  },
  {
    id: 'late',
    name: 'Spätschicht',
    start: '14:00',
    end: '22:00',
    breaks: [
      { start: '16:00', end: '16:15', name: 'Pause' },
      { start: '18:00', end: '18:30', name: 'Abendessen' },
      { start: '20:00', end: '20:15', name: 'Pause' },
    ],
    timeZone: 'Europe/Berlin',
  },
  {
    id: 'night',
    name: 'Nachtschicht',
    start: '22:00',
    end: '06:00',
    breaks: [
      { start: '00:00', end: '00:15', name: 'Pause' },
      { start: '02:00', end: '02:30', name: 'Mahlzeit' },
      { start: '04:00', end: '04:15', name: 'Pause' },
    ],
    timeZone: 'Europe/Berlin',
  },
];

/**
 * Components on Werk Nord's supplier labels. GTINs are from the GS1 Germany example range 4012345, with
 * valid check digits; docs/traceability.md lists them for printing test labels.
 */
export const DEMO_COMPONENTS = {
  barSteel45: {
    name: 'Rundstahl 42CrMo4 Ø45',
    gtin: '04012345100013',
    materialNumber: 'RM-42CRMO4-45',
    unit: 'kg',
    isLotRequired: true,
  },
  flangeBlank: {
    name: 'Schmiederohling Flansch DN80',
    gtin: '04012345100020',
    materialNumber: 'RM-FLA-DN80',
    unit: 'Stk',
    isLotRequired: true,
  },
  bearing6205: {
    name: 'Rillenkugellager 6205-2RS',
    gtin: '04012345100037',
    materialNumber: 'KL-6205-2RS',
    unit: 'Stk',
    isLotRequired: true,
  },
  circlip52: { name: 'Sicherungsring DIN 472 52×2', gtin: '04012345100044', materialNumber: 'NT-472-52', unit: 'Stk' },
  aluminiumDisc: {
    name: 'Ronde EN AW-6082 Ø75×22',
    gtin: '04012345100051',
    materialNumber: 'RM-AW6082-75',
    unit: 'Stk',
    isLotRequired: true,
  },
  oRing52: {
    name: 'O-Ring 52×3 NBR 70',
    gtin: '04012345100068',
    materialNumber: 'DI-OR-52X3',
    unit: 'Stk',
    isLotRequired: true,
  },
  assemblyGrease: {
    name: 'Montagefett KP2K',
    gtin: '04012345100075',
    materialNumber: 'CH-FETT-KP2K',
    unit: 'kg',
    isLotRequired: true,
  },
  barSteel14: {
    name: 'Rundstahl 11SMnPb30 Ø14',
    gtin: '04012345100082',
    materialNumber: 'RM-11SMN-14',
    unit: 'kg',
    isLotRequired: true,
  },
  housingCasting: {
    name: 'Gussrohling Getriebegehäuse EN-GJL-250',
    gtin: '04012345100099',
    materialNumber: 'RM-GEH-GUSS',
    unit: 'Stk',
    isLotRequired: true,
    isSerialRequired: true,
  },
} satisfies Record<string, Omit<BomComponent, 'id' | 'quantityPerUnit'>>;

type DemoComponent = keyof typeof DEMO_COMPONENTS;

interface RoutingStep {
  text: string;
  stationId: string;
  setupMinutes: number;
  cycleSeconds: number;
  qualityPlanId?: string;
  /** What one piece of this step consumes, by component and quantity per piece. */
  consumes?: Array<[DemoComponent, number]>;
}

const MATERIALS: Array<{ material: string; materialText: string; routing: RoutingStep[] }> = [
  {
    material: 'WEL-4711',
    materialText: 'Antriebswelle Ø40',
    routing: [
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 45, cycleSeconds: 180, consumes: [['barSteel45', 1.65]] },
      { text: 'Fräsen Passfedernut', stationId: 'ST-20', setupMinutes: 30, cycleSeconds: 95 },
      { text: 'Endprüfung', stationId: 'ST-40', setupMinutes: 10, cycleSeconds: 60, qualityPlanId: 'QP-WELLE' },
    ],
  },
  {
    material: 'FLA-2210',
    materialText: 'Flansch DN80',
    routing: [
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 30, cycleSeconds: 120, consumes: [['flangeBlank', 1]] },
      { text: 'Bohren Lochkreis', stationId: 'ST-20', setupMinutes: 20, cycleSeconds: 75 },
    ],
  },
  {
    material: 'GEH-3300',
    materialText: 'Getriebegehäuse',
    routing: [
      {
        text: 'Fräsen Grundkörper',
        stationId: 'ST-20',
        setupMinutes: 60,
        cycleSeconds: 420,
        consumes: [['housingCasting', 1]],
      },
      { text: 'Fräsen Deckelseite', stationId: 'ST-20', setupMinutes: 25, cycleSeconds: 240 },
      {
        text: 'Lager einpressen',
        stationId: 'ST-30',
        setupMinutes: 15,
        cycleSeconds: 150,
        consumes: [
          ['bearing6205', 2],
          ['circlip52', 2],
        ],
      },
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
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 25, cycleSeconds: 90, consumes: [['aluminiumDisc', 1]] },
      {
        text: 'Dichtring montieren',
        stationId: 'ST-30',
        setupMinutes: 5,
        cycleSeconds: 30,
        consumes: [
          ['oRing52', 1],
          ['assemblyGrease', 0.002],
        ],
      },
    ],
  },
  {
    material: 'BOL-0815',
    materialText: 'Zentrierbolzen Ø12',
    routing: [
      { text: 'Drehen', stationId: 'ST-10', setupMinutes: 20, cycleSeconds: 45, consumes: [['barSteel14', 0.09]] },
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

export function demoOrders(seedDay: number): { orders: Order[]; operations: Operation[]; boms: BillOfMaterials[] } {
  const orders: Order[] = [];
  const operations: Operation[] = [];
  const boms: BillOfMaterials[] = [];
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
      if (step.consumes !== undefined) boms.push(demoBom(`${number}-${operationNumber}`, step.consumes));
    });
  });
  return { orders, operations, boms };
}

function demoBom(operationId: string, consumes: NonNullable<RoutingStep['consumes']>): BillOfMaterials {
  return {
    id: `BOM-${operationId}`,
    operationId,
    components: consumes.map(([component, quantityPerUnit], index) => ({
      id: String((index + 1) * 10).padStart(4, '0'),
      ...DEMO_COMPONENTS[component],
      quantityPerUnit,
    })),
  };
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
  const { orders, operations, boms } = demoOrders(now());
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
      boms,
    },
    { makeSalt: demoSalt, hashPin: demoPinHash },
  );
  if (!outcome.ok) throw new Error(`demo plant data is invalid: ${outcome.errors.join('; ')}`);
  return outcome.summary;
}
