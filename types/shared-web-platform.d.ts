// The web-platform APIs code in shared/ may use, for type-checking shared/ alone (tsconfig.shared.json,
// which has neither DOM nor Node types so that nothing else slips in). Browsers and Node >= 18 both
// provide them; the renderer, main and test programs check the same code against their real definitions.
// Only `shared/protocol/sync-client.ts` needs them, and it is handed `fetch` rather than calling it.

interface AbortSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

declare const AbortController: { new (): { readonly signal: AbortSignal; abort(): void } };

interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

interface Response {
  readonly ok: boolean;
  readonly status: number;
  json(): Promise<unknown>;
}

declare function setTimeout(handler: () => void, ms: number): unknown;
declare function clearTimeout(id: unknown): void;

declare class URLSearchParams {
  constructor(init: Record<string, string>);
  set(name: string, value: string): void;
  toString(): string;
}
