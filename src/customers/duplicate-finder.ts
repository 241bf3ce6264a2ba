import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';
import { sqlPool, type Db } from '../db/client.js';
import { PACKAGE_ROOT } from '../package-root.js';
import { dismissedSets, withoutDismissed } from './duplicate-dismissals.js';
import { groupDuplicatePairs, needsSimilarNames, type DuplicateCandidate, type DuplicateGroup, type DuplicatePair } from './duplicates.js';

/**
 * Duplicate groups over every customer still in Robaws. Scoring pairs takes seconds at 100,000
 * customers, so it runs on a worker thread (the event loop keeps serving, health checks included),
 * once per version of the customer list: its answer is kept until a customer changes (or for at most
 * `maxAgeMs`, for a change whose transaction committed while we read), and concurrent requests for
 * the same version share one computation.
 */

export interface ScoringTask {
  candidates: DuplicateCandidate[];
  similarNames: boolean;
}

export type ScorePairs = (task: ScoringTask) => Promise<DuplicatePair[]>;

interface Scored {
  version: string;
  at: number;
  pairs: Promise<DuplicatePair[]>;
}

const DEFAULT_MAX_AGE_MS = 60_000;

// Run from source (development, tests), the worker is TypeScript and needs the loader too.
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_FILE = FROM_SOURCE ? path.join(PACKAGE_ROOT, 'src', 'customers', 'duplicates-worker.ts') : path.join(PACKAGE_ROOT, 'dist', 'customers', 'duplicates-worker.js');

/** One worker thread, started on first use and stopped when idle. */
export function workerPool(): { score: ScorePairs; close(): Promise<void> } {
  const pool = new Piscina<ScoringTask, DuplicatePair[]>({
    filename: pathToFileURL(WORKER_FILE).href,
    execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  });
  return { score: (task) => pool.run(task), close: () => pool.destroy() };
}

export class DuplicateFinder {
  private readonly scored = new Map<boolean, Scored>();
  private readonly worker: ReturnType<typeof workerPool> | null;
  private readonly score: ScorePairs;

  constructor(private readonly deps: { db: Db; score?: ScorePairs; maxAgeMs?: number; now?: () => number }) {
    this.worker = deps.score ? null : workerPool();
    this.score = deps.score ?? this.worker!.score;
  }

  /** The groups scoring at least `minScore`, best first, without those a person dismissed. */
  async groups(minScore: number): Promise<DuplicateGroup[]> {
    const [pairs, dismissed] = await Promise.all([this.pairs(needsSimilarNames(minScore)), dismissedSets(this.deps.db)]);
    return withoutDismissed(groupDuplicatePairs(pairs, minScore), dismissed);
  }

  async close(): Promise<void> {
    await this.worker?.close();
  }

  private async pairs(similarNames: boolean): Promise<DuplicatePair[]> {
    const now = (this.deps.now ?? Date.now)();
    const version = await this.version();
    const known = this.scored.get(similarNames);
    if (known && known.version === version && now - known.at < (this.deps.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) return known.pairs;
    const pairs = this.loadCandidates().then((candidates) => this.score({ candidates, similarNames }));
    const entry = { version, at: now, pairs };
    this.scored.set(similarNames, entry);
    // A failed computation is not kept: the next request tries again.
    pairs.catch(() => this.scored.get(similarNames) === entry && this.scored.delete(similarNames));
    return pairs;
  }

  /** Changes with every insert, update and delete of a customer (updated_at is indexed; the count is an index-only scan). */
  private async version(): Promise<string> {
    const { rows } = await sqlPool(this.deps.db).query<{ version: string }>(`SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') AS version FROM customers`);
    return rows[0]!.version;
  }

  private async loadCandidates(): Promise<DuplicateCandidate[]> {
    // Straight from the pg pool: Prisma's raw-query path costs more than the query for 100,000 rows.
    const { rows } = await sqlPool(this.deps.db).query<DuplicateCandidate>(
      'SELECT id, name, email, vat_number AS "vatNumber", phone, mobile FROM customers WHERE gone_from_robaws_at IS NULL',
    );
    return rows;
  }
}
