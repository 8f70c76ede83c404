import { BoardSnapshotSchema, type BoardSnapshot } from '../../../shared/board';
import { LeadSessionResponseSchema, type BoardViewer, type LeadLoginRequest } from '../../../shared/lead';
import { ReviewQueueSchema, type ResolveRequest, type ReviewQueue } from '../../../shared/review';

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
