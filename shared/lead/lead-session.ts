import { z } from 'zod';

// Who reads the board in a browser (`GET /api/v1/lead/session`): a shift lead signed in with badge and PIN,
// the admin token, or a read-only display link. The board UI decides what to show from this.

export const LeadLoginRequestSchema = z.strictObject({
  /** The badge number as printed or read (hex UID; spaces, dashes and case do not matter). */
  badge: z.string().trim().min(1).max(64),
  pin: z.string().regex(/^\d{4,8}$/),
});
export type LeadLoginRequest = z.infer<typeof LeadLoginRequestSchema>;

export const BoardViewerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('admin') }),
  z.strictObject({
    kind: z.literal('lead'),
    operatorId: z.string(),
    name: z.string(),
    role: z.string(),
    expiresAt: z.number().int(),
  }),
  z.strictObject({ kind: z.literal('display'), linkId: z.string(), label: z.string() }),
]);
export type BoardViewer = z.infer<typeof BoardViewerSchema>;

export const LeadSessionResponseSchema = z.strictObject({ viewer: BoardViewerSchema });
export type LeadSessionResponse = z.infer<typeof LeadSessionResponseSchema>;
