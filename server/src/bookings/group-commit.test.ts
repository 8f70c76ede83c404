import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/database';
import { createGroupCommit } from './group-commit';

let dir: string;
let db: Db;
let reader: Db;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'takt-group-commit-'));
  db = new Database(join(dir, 'db.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (v INTEGER NOT NULL)');
  reader = new Database(join(dir, 'db.sqlite'), { readonly: true });
});
afterEach(() => {
  reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const committed = () => reader.prepare('SELECT v FROM t ORDER BY v').pluck().all() as number[];

/** A job that inserts its value and notes how many rows another connection could see at that moment. */
function recordingCommit(maxWeight: number) {
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
  const visibleAtRun = new Map<number, number>();
  const group = createGroupCommit(
    db,
    (v: number) => {
      visibleAtRun.set(v, committed().length);
      insert.run(v);
      if (v < 0) throw new Error(`bad ${v}`);
      return v * 2;
    },
    { maxWeight, weigh: () => 1 },
  );
  return { commit: (v: number) => group.run(v), flushPending: group.flushPending, visibleAtRun };
}

describe('group commit', () => {
  it('writes jobs of the same turn in one transaction and answers each after the commit', async () => {
    const { commit, visibleAtRun } = recordingCommit(100);
    const pending = [1, 2, 3].map(commit);
    expect(committed()).toEqual([]);
    expect(await Promise.all(pending)).toEqual([2, 4, 6]);
    expect(committed()).toEqual([1, 2, 3]);
    expect([...visibleAtRun.values()]).toEqual([0, 0, 0]);
  });

  it('rolls back only the job that failed', async () => {
    const { commit } = recordingCommit(100);
    const outcomes = await Promise.allSettled([1, -2, 3].map(commit));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(committed()).toEqual([1, 3]);
  });

  it('commits queued jobs at once on flushPending (before the database closes)', async () => {
    const { commit, flushPending } = recordingCommit(100);
    const pending = [1, 2].map(commit);
    flushPending();
    expect(committed()).toEqual([1, 2]);
    expect(await Promise.all(pending)).toEqual([2, 4]);
  });

  it('splits a burst into groups no heavier than maxWeight', async () => {
    const { commit, visibleAtRun } = recordingCommit(2);
    expect(await Promise.all([1, 2, 3, 4, 5].map(commit))).toEqual([2, 4, 6, 8, 10]);
    expect([...visibleAtRun.values()]).toEqual([0, 0, 2, 2, 4]);
  });
});
