import pg from 'pg';

/**
 * Cross-process mutual exclusion with Postgres session advisory locks, each on a connection of its
 * own: a process that dies loses its connection, and Postgres releases the lock with it, so a
 * crashed run never holds the lock forever.
 */

export interface LockLease {
  release(): Promise<void>;
}

export interface Locks {
  /** The lease when the lock was free, null when another session holds it. */
  tryAcquire(name: string): Promise<LockLease | null>;
}

export function createAdvisoryLocks(databaseUrl: string): Locks {
  return {
    async tryAcquire(name) {
      const client = new pg.Client({ connectionString: databaseUrl });
      // A dropped lock connection must not crash the process; the lock is gone with it either way.
      client.on('error', () => undefined);
      await client.connect();
      try {
        const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('robaws-sync'), hashtext($1)) AS locked", [name]);
        if (!rows[0]?.locked) {
          await client.end();
          return null;
        }
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      let released: Promise<void> | null = null;
      return { release: () => (released ??= client.end()) };
    },
  };
}
