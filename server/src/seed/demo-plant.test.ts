import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATASET_NAMES, DATASET_SCHEMAS, OperatorSchema, QualityPlanSchema, ReasonSchema } from '@shared/master-data';
import { openDatabase, type Db } from '../db/database';
import { DEMO_OPERATORS, seedDemoPlant } from './demo-plant';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function seededDatabase(now: number): Promise<Db> {
  const dir = mkdtempSync(join(tmpdir(), 'takt-seed-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'db.sqlite'));
  await seedDemoPlant(db, { now: () => now });
  return db;
}

function records(db: Db, dataset: string): unknown[] {
  return (
    db.prepare('SELECT value FROM master_records WHERE dataset = ? ORDER BY key').pluck().all(dataset) as string[]
  ).map((v) => JSON.parse(v));
}

describe('demo plant', () => {
  it('is the same on every run and valid against the shared schemas', async () => {
    const now = Date.UTC(2026, 2, 2, 7, 0);
    const a = await seededDatabase(now);
    const b = await seededDatabase(now);
    for (const dataset of DATASET_NAMES) {
      const rows = records(a, dataset);
      expect(rows).toEqual(records(b, dataset));
      for (const row of rows) expect(DATASET_SCHEMAS[dataset].safeParse(row).success).toBe(true);
    }
    a.close();
    b.close();
  });

  it('has the documented plant: stations, operators with hashed badges, orders, reasons, plans, shifts', async () => {
    const db = await seededDatabase(Date.UTC(2026, 2, 2));
    expect(records(db, 'stations').map((s) => (s as { id: string }).id)).toEqual(['ST-10', 'ST-20', 'ST-30', 'ST-40']);
    const parallel = records(db, 'stations').filter(
      (s) => (s as { allowsParallelOperations?: boolean }).allowsParallelOperations,
    );
    expect(parallel.map((s) => (s as { id: string }).id)).toEqual(['ST-30']);
    const operators = records(db, 'operators').map((o) => OperatorSchema.parse(o));
    expect(operators).toHaveLength(8);
    expect(operators.filter((o) => o.role === 'lead').length).toBeGreaterThanOrEqual(1);
    const anna = operators.find((o) => o.name === 'Anna Berger');
    expect(anna?.badgeHash).toBe(createHash('sha256').update(`${anna?.badgeSalt}04A1B2C3`).digest('hex'));
    expect(DEMO_OPERATORS.find((o) => o.name === 'Anna Berger')).toMatchObject({ badgeUid: '04A1B2C3', pin: '1234' });

    const orders = records(db, 'orders') as Array<{ id: string; status: string }>;
    expect(orders.map((o) => o.id)).toEqual(Array.from({ length: 20 }, (_, i) => `FA${1_000_001 + i}`));
    expect(orders.filter((o) => o.status === 'closed').map((o) => o.id)).toEqual(['FA1000019', 'FA1000020']);
    // The e2e tests scan this closed operation at the lathe and expect a refusal.
    expect(records(db, 'operations')).toContainEqual(
      expect.objectContaining({ id: 'FA1000019-0010', stationId: 'ST-10', status: 'closed' }),
    );
    const operations = records(db, 'operations') as Array<{ orderId: string; number: string }>;
    for (const order of orders) {
      const steps = operations.filter((op) => op.orderId === order.id).map((op) => op.number);
      expect(steps.length).toBeGreaterThanOrEqual(2);
      expect(steps.length).toBeLessThanOrEqual(4);
      expect(steps[0]).toBe('0010');
    }

    const reasons = records(db, 'reasons').map((r) => ReasonSchema.parse(r));
    expect(new Set(reasons.map((r) => r.kind))).toEqual(
      new Set(['scrap', 'rework', 'interrupt', 'downtime', 'reversal', 'defect']),
    );
    expect(reasons.every((r) => r.text.de !== '' && r.text.en !== '')).toBe(true);
    const plans = records(db, 'qualityPlans').map((p) => QualityPlanSchema.parse(p));
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(new Set(plan.characteristics.map((c) => c.kind))).toEqual(new Set(['variable', 'attribute']));
      const rules = plan.characteristics.flatMap((c) => c.due ?? []).map((rule) => rule.kind);
      expect(new Set(rules)).toEqual(new Set(['start', 'every', 'finish']));
    }
    expect(records(db, 'shifts')).toHaveLength(3);
    db.close();
  });
});
