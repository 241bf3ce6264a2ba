import type { ScheduleConfig } from '../config.js';
import type { SyncKind } from '../generated/prisma/client.js';

/**
 * The scheduled jobs: incremental sync, full sync and push. Each is a definition: its id (stored with every
 * scheduled run, so keep it stable), the sync it starts, and its config entry. The handler is the
 * sync engine's own `start`: no job holds sync logic of its own.
 */
export interface JobDefinition {
  id: 'full-sync' | 'incremental-sync' | 'push';
  kind: Extract<SyncKind, 'FULL' | 'INCREMENTAL' | 'PUSH'>;
  configKey: keyof ScheduleConfig['jobs'];
  description: string;
  /** A successful run of any of these kinds counts as this job having run (a full sync does an incremental's work). */
  satisfiedBy: SyncKind[];
}

/** In catch-up order: a full sync first, so that an incremental one is not needed after it. */
export const JOBS: readonly JobDefinition[] = [
  { id: 'full-sync', kind: 'FULL', configKey: 'fullSync', description: 'Full sync from Robaws (the safety net)', satisfiedBy: ['FULL'] },
  {
    id: 'incremental-sync',
    kind: 'INCREMENTAL',
    configKey: 'incrementalSync',
    description: 'Incremental sync of the clients Robaws changed',
    satisfiedBy: ['INCREMENTAL', 'FULL'],
  },
  { id: 'push', kind: 'PUSH', configKey: 'push', description: 'Push of local changes to Robaws', satisfiedBy: ['PUSH'] },
];

export interface ScheduledJob extends JobDefinition {
  cron: string;
  enabled: boolean;
}

export function scheduledJobs(config: ScheduleConfig): ScheduledJob[] {
  return JOBS.map((job) => ({ ...job, ...config.jobs[job.configKey] }));
}
