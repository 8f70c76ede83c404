import { z } from 'zod';

// What the KPI view reads of `GET /api/v1/kpi` (docs/kpi.md): validated at the boundary, further fields
// of the answer are let through unread.

const ratio = z.number().nullable();
const amount = z.number().finite();

export const KpiAnswerSchema = z.object({
  from: z.number(),
  to: z.number(),
  plannedBusyTime: amount,
  actualProductionTime: amount,
  produced: amount,
  good: amount,
  scrap: amount,
  rework: amount,
  target: amount,
  availability: ratio,
  performance: ratio,
  quality: ratio,
  oee: ratio,
  downtime: z.object({
    total: amount,
    byReason: z.array(z.object({ reasonCode: z.string(), reasonText: z.string(), minutes: amount })),
  }),
});
export type KpiAnswer = z.infer<typeof KpiAnswerSchema>;

/** A station or an area of master data. */
export type KpiScope = { kind: 'station' | 'area'; id: string };
