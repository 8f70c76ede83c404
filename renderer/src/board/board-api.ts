import { BoardSnapshotSchema, type BoardSnapshot } from '@shared/board';
import { LeadSessionResponseSchema, type BoardViewer, type LeadLoginRequest } from '@shared/lead';
import { ReviewQueueSchema, type ResolveRequest, type ReviewQueue } from '@shared/review';
import {
  BoardShiftsSchema,
  HandoverDraftSchema,
  HandoverListSchema,
  HandoverSchema,
  type BoardShifts,
  type Handover,
  type HandoverDraft,
  type SignHandoverRequest,
} from '@shared/board/handover';
import { StationDetailSchema, type StationDetail } from '@shared/board/station-detail';
import { KpiAnswerSchema, type KpiAnswer, type KpiScope } from './kpi-answer';

// The board's calls to its own server. Cookies carry the session (same origin); answers are validated at
// this trust boundary before the UI sees them.

export class BoardApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'BoardApiError';
  }
}

async function call(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(path, {
    ...init,
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}) },
  });
  if (response.status === 204) return undefined;
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new BoardApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : 'http-error',
      typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return body;
}

/** The signed-in viewer, or undefined when nobody is (401). */
export async function fetchViewer(): Promise<BoardViewer | undefined> {
  try {
    return LeadSessionResponseSchema.parse(await call('/api/v1/lead/session')).viewer;
  } catch (error) {
    if (error instanceof BoardApiError && error.status === 401) return undefined;
    throw error;
  }
}

export async function signIn(request: LeadLoginRequest): Promise<BoardViewer> {
  return LeadSessionResponseSchema.parse(
    await call('/api/v1/lead/login', { method: 'POST', body: JSON.stringify(request) }),
  ).viewer;
}

export async function signOut(): Promise<void> {
  await call('/api/v1/lead/logout', { method: 'POST' });
}

export async function fetchBoard(): Promise<BoardSnapshot> {
  return BoardSnapshotSchema.parse(await call('/api/v1/board'));
}

export async function fetchReview(): Promise<ReviewQueue> {
  return ReviewQueueSchema.parse(await call('/api/v1/review'));
}

export async function resolveItem(id: string, request: ResolveRequest): Promise<void> {
  await call(`/api/v1/review/${encodeURIComponent(id)}/resolve`, { method: 'POST', body: JSON.stringify(request) });
}

export async function fetchStationDetail(stationId: string): Promise<StationDetail> {
  return StationDetailSchema.parse(await call(`/api/v1/board/stations/${encodeURIComponent(stationId)}`));
}

export async function fetchShifts(): Promise<BoardShifts> {
  return BoardShiftsSchema.parse(await call('/api/v1/board/shifts'));
}

export async function fetchKpi(scope: KpiScope, from: number, to: number, lang: string): Promise<KpiAnswer> {
  const query = new URLSearchParams({ [scope.kind === 'station' ? 'stationId' : 'area']: scope.id });
  query.set('from', String(from));
  query.set('to', String(to));
  query.set('lang', lang);
  return KpiAnswerSchema.parse(await call(`/api/v1/kpi?${query.toString()}`));
}

export async function fetchHandoverDraft(shift: 'current' | 'previous'): Promise<HandoverDraft> {
  return HandoverDraftSchema.parse(await call(`/api/v1/board/handover/draft?shift=${shift}`));
}

export async function signHandover(request: SignHandoverRequest): Promise<Handover> {
  return HandoverSchema.parse(await call('/api/v1/board/handovers', { method: 'POST', body: JSON.stringify(request) }));
}

export async function fetchHandovers(): Promise<Handover[]> {
  return HandoverListSchema.parse(await call('/api/v1/board/handovers')).handovers;
}
