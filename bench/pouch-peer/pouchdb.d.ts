// The few PouchDB calls the peer benchmark makes (the packages ship no types; @types/pouchdb is not needed
// for so little).

interface BenchPouchReplication {
  ok: boolean;
  docs_written: number;
}

interface BenchPouchDatabase {
  readonly adapter: string;
  bulkDocs(docs: object[]): Promise<Array<{ ok?: boolean; error?: string }>>;
  info(): Promise<{ doc_count: number }>;
  replicate: {
    to(target: BenchPouchDatabase | string, options?: object): Promise<BenchPouchReplication> & { cancel(): void };
  };
  destroy(): Promise<unknown>;
}

interface BenchPouchStatic {
  new (name: string, options?: { adapter?: string }): BenchPouchDatabase;
  defaults(options: { prefix: string }): BenchPouchStatic;
}

interface Window {
  PouchDB?: BenchPouchStatic;
}

declare module 'pouchdb' {
  const PouchDB: BenchPouchStatic;
  export default PouchDB;
}

declare module 'express-pouchdb' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  type Handler = (request: IncomingMessage, response: ServerResponse) => void;
  export default function expressPouchDB(pouch: BenchPouchStatic, options?: object): Handler;
}
