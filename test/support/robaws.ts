import type { RobawsApi } from '../../src/robaws/client.js';

/** A Robaws client with some calls replaced; a replacement calls through to `robaws` when it wants the real answer. */
export function robawsWith(robaws: RobawsApi, replaced: Partial<RobawsApi>): RobawsApi {
  return Object.assign(Object.create(robaws) as RobawsApi, replaced);
}

export interface Gate {
  /** Settles once the gate is opened. */
  passed: Promise<void>;
  open(): void;
}

/** Holds whoever awaits `passed` until the test calls `open`: a test decides when a run may go on. */
export function createGate(): Gate {
  let open!: () => void;
  const passed = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { passed, open };
}
