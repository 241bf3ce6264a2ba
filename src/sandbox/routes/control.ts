import { z } from 'zod';
import { jsonResponse, noContent, readJson, validationFailed, type Route, type RouteParams } from '../http.js';
import { knobsChangeSchema, type SandboxKnobs } from '../options.js';
import type { ClientStore } from '../store.js';
import type { SandboxStats } from '../admission.js';

const clientChangeSchema = z.object({ count: z.number().int().nonnegative(), seed: z.number().int().optional() });

export interface ControlTarget {
  store: ClientStore;
  setKnobs(change: Partial<SandboxKnobs>): SandboxKnobs;
  stats(): SandboxStats;
  resetStats(): void;
}

/**
 * `/__sandbox/...`: what a test or a benchmark in another process changes while the sandbox runs. These
 * routes take no credentials and pass no latency, rate limit or injected error, and stats do not count them.
 */
export function controlRoutes(sandbox: ControlTarget): Route[] {
  const setKnobs = async (request: Request): Promise<Response> => {
    const change = knobsChangeSchema.safeParse(await readJson(request));
    if (!change.success) return validationFailed(change.error.issues);
    return jsonResponse(200, sandbox.setKnobs(change.data));
  };

  const changeClients = async (request: Request): Promise<Response> => {
    const input = clientChangeSchema.safeParse(await readJson(request));
    if (!input.success) return validationFailed(input.error.issues);
    return jsonResponse(200, { ids: sandbox.store.changeRandom(input.data.count, input.data.seed) });
  };

  const deleteClient = (_request: Request, params: RouteParams): Response => {
    const id = Number(params.id);
    sandbox.store.delete(id);
    return jsonResponse(200, { id });
  };

  const restoreClient = (_request: Request, params: RouteParams): Response => jsonResponse(200, sandbox.store.restore(Number(params.id)));

  const showStats = (): Response => jsonResponse(200, sandbox.stats());

  const resetStats = (): Response => {
    sandbox.resetStats();
    return noContent();
  };

  return [
    { path: '/__sandbox/knobs', methods: { POST: setKnobs } },
    { path: '/__sandbox/clients/change', methods: { POST: changeClients } },
    { path: '/__sandbox/clients/{id}/delete', methods: { POST: deleteClient } },
    { path: '/__sandbox/clients/{id}/restore', methods: { POST: restoreClient } },
    { path: '/__sandbox/stats', methods: { GET: showStats } },
    { path: '/__sandbox/stats/reset', methods: { POST: resetStats } },
  ];
}
