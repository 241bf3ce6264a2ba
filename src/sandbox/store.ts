import type { ClientEventType, JsonPatchOperation } from '../robaws/types.js';
import { applyJsonPatch, applyMergePatch, isJsonObject, type JsonObject, type JsonValue } from './json.js';
import { createRandom } from './random.js';
import { generateClientChange } from './seed/generator.js';
import { validateClient, type FieldError } from './validation.js';

/** A client as the sandbox keeps it: a plain JSON object in Robaws' shape. */
export type ClientRecord = JsonObject & { id: number; createdAt: string; updatedAt: string };

export interface ClientEvent {
  type: ClientEventType;
  client: ClientRecord;
}

export interface SortKey {
  /** A field name, or a dotted path such as `address.city`. */
  field: string;
  direction: 'asc' | 'desc';
}

export interface ListClientsQuery {
  /** 0-based, default 0. */
  page?: number;
  /** Default 10 (Robaws' default). */
  size?: number;
  /** ISO-8601 instant: only clients with `updatedAt >= updatedFrom`. */
  updatedFrom?: string | null;
  /** Without it, clients come ordered by id. */
  sort?: readonly SortKey[];
  filters?: {
    /** Custom field name -> value; a client matches when that field's value is exactly this. */
    extraFields?: Readonly<Record<string, string>>;
  };
}

export interface ClientPage {
  items: ClientRecord[];
  totalItems: number;
  page: number;
  size: number;
}

export const DEFAULT_PAGE_SIZE = 10;

/** Fields a client sends in vain: Robaws sets them itself (assumed: it ignores them rather than refusing the request). */
const READ_ONLY_FIELDS = ['id', 'createdAt', 'updatedAt'] as const;

/** What a client created with only a name looks like (assumed Robaws defaults). */
const NEW_CLIENT_DEFAULTS: JsonObject = {
  name: null,
  clientType: 'company',
  email: null,
  tel: null,
  gsm: null,
  website: null,
  vatNumber: null,
  language: null,
  currency: 'EUR',
  isActive: true,
  address: null,
  extraFields: {},
};

export class ClientNotFoundError extends Error {
  constructor(readonly clientId: number) {
    super(`client ${clientId} does not exist`);
    this.name = 'ClientNotFoundError';
  }
}

export class ClientValidationError extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(`Validation failed: ${errors.map((error) => `${error.field} ${error.message}`).join('; ')}`);
    this.name = 'ClientValidationError';
  }
}

function valueAt(record: JsonObject, path: string): JsonValue | undefined {
  let current: JsonValue | undefined = record;
  for (const key of path.split('.')) current = isJsonObject(current) ? current[key] : undefined;
  return current;
}

/** Text sorts as a database with a linguistic collation sorts it: "Élodie" next to "Emma", not after "Zoë". */
const textCollator = new Intl.Collator('en');

/** Missing values sort after all others ascending, before them descending (as in Postgres). */
function compareValues(left: JsonValue | undefined, right: JsonValue | undefined): number {
  const leftMissing = left === null || left === undefined;
  const rightMissing = right === null || right === undefined;
  if (leftMissing || rightMissing) return Number(leftMissing) - Number(rightMissing);
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  const leftText = typeof left === 'string' ? left : JSON.stringify(left);
  const rightText = typeof right === 'string' ? right : JSON.stringify(right);
  return textCollator.compare(leftText, rightText);
}

function extraFieldValue(record: JsonObject, name: string): JsonValue | undefined {
  const field = valueAt(record, 'extraFields');
  const entry = isJsonObject(field) ? field[name] : undefined;
  if (!isJsonObject(entry)) return undefined;
  return entry.stringValue ?? entry.textValue ?? entry.value;
}

function withoutReadOnlyFields(data: JsonObject): JsonObject {
  const copy = { ...data };
  for (const field of READ_ONLY_FIELDS) delete copy[field];
  return copy;
}

/**
 * The sandbox's clients, in memory. Deleted clients are kept aside so that `restore` can bring them back.
 * Every method hands out copies: a caller cannot change the store by changing what it got. The store
 * never changes a record in place, but it keeps the ones it is constructed with: do not change those.
 */
export class ClientStore {
  private readonly live = new Map<number, ClientRecord>();
  private readonly deleted = new Map<number, ClientRecord>();
  private readonly listeners = new Set<(event: ClientEvent) => void>();
  /** Live ids in ascending order, rebuilt lazily after a create, delete or restore. */
  private orderedIds: number[] | null = null;
  /** Counts changes, so that a cached selection is known to be stale. */
  private version = 0;
  private selection: { key: string; version: number; ids: readonly number[] } | null = null;
  /** Each stored record's JSON: a record is never changed in place, so its text stays right for as long as it is stored. */
  private readonly serialized = new WeakMap<ClientRecord, string>();
  private lastId = 0;
  private lastTimestampMs = 0;

  constructor(
    clients: Iterable<ClientRecord>,
    private readonly now: () => number = Date.now,
  ) {
    for (const client of clients) {
      this.live.set(client.id, client);
      this.lastId = Math.max(this.lastId, client.id);
      this.lastTimestampMs = Math.max(this.lastTimestampMs, Date.parse(client.updatedAt));
    }
  }

  /** Number of live (not deleted) clients. */
  get count(): number {
    return this.live.size;
  }

  /** Listens to `client.created` and `client.updated`; returns the function that stops listening. */
  onEvent(listener: (event: ClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get(id: number): ClientRecord | undefined {
    const client = this.live.get(id);
    return client && structuredClone(client);
  }

  list(query: ListClientsQuery = {}): ClientPage {
    const { page, size, ids, totalItems } = this.pageOf(query);
    return { items: ids.map((id) => structuredClone(this.live.get(id)!)), totalItems, page, size };
  }

  /**
   * `list`'s answer as JSON, from each record's text kept since it was stored: the sandbox shares the
   * machine with the processes benchmarks measure, so serving a page should cost it little.
   */
  listJson(query: ListClientsQuery = {}): string {
    const { page, size, ids, totalItems } = this.pageOf(query);
    const items = ids.map((id) => this.jsonOf(this.live.get(id)!)).join(',');
    return `{"items":[${items}],"totalItems":${totalItems},"page":${page},"size":${size}}`;
  }

  create(data: JsonObject): ClientRecord {
    const client: ClientRecord = {
      ...structuredClone(NEW_CLIENT_DEFAULTS),
      ...withoutReadOnlyFields(structuredClone(data)),
      id: this.lastId + 1,
      createdAt: '',
      updatedAt: '',
    };
    this.assertValid(client);
    client.createdAt = client.updatedAt = this.nextTimestamp();
    this.lastId = client.id;
    this.live.set(client.id, client);
    this.membershipChanged();
    return this.emit('client.created', client);
  }

  /** RFC 7386 JSON Merge Patch: `null` removes a field. */
  update(id: number, mergePatch: JsonObject): ClientRecord {
    const current = this.liveClient(id);
    return this.save(current, applyMergePatch(current, withoutReadOnlyFields(mergePatch)));
  }

  /** RFC 6902 JSON Patch; throws JsonPatchError when a `test` fails or a path is missing, and then changes nothing. */
  applyJsonPatch(id: number, operations: readonly JsonPatchOperation[]): ClientRecord {
    const current = this.liveClient(id);
    return this.save(current, applyJsonPatch(current, operations));
  }

  /** Robaws sends no event for a deletion: only a full pass notices it. */
  delete(id: number): void {
    const client = this.liveClient(id);
    this.live.delete(id);
    this.deleted.set(id, client);
    this.membershipChanged();
  }

  /**
   * Brings a deleted client back as it was, without an event or a new `updatedAt` (assumed: nothing tells
   * an incremental sync, so only a full pass notices it, as with the deletion).
   */
  restore(id: number): ClientRecord {
    const client = this.deleted.get(id);
    if (!client) throw new ClientNotFoundError(id);
    this.deleted.delete(id);
    this.live.set(id, client);
    this.membershipChanged();
    return structuredClone(client);
  }

  /** Edits `count` distinct live clients (fewer if there are not that many) as a user would; returns their ids. */
  changeRandom(count: number, seed = 1): number[] {
    const random = createRandom(seed);
    const candidates = [...this.ids()];
    const changed: number[] = [];
    for (let index = 0; index < Math.min(count, candidates.length); index++) {
      const pick = random.int(index, candidates.length - 1);
      [candidates[index], candidates[pick]] = [candidates[pick]!, candidates[index]!];
      const id = candidates[index]!;
      this.update(id, generateClientChange(this.live.get(id)!, random));
      changed.push(id);
    }
    return changed;
  }

  private ids(): readonly number[] {
    this.orderedIds ??= [...this.live.keys()].sort((left, right) => left - right);
    return this.orderedIds;
  }

  /** The ids a list query selects, in order. Kept for the next page of the same query until anything changes. */
  private select(query: ListClientsQuery): readonly number[] {
    const { updatedFrom = null, sort = [], filters = {} } = query;
    const extraFieldFilters = Object.entries(filters.extraFields ?? {});
    if (updatedFrom === null && sort.length === 0 && extraFieldFilters.length === 0) return this.ids();
    const key = JSON.stringify([updatedFrom, sort, extraFieldFilters]);
    if (this.selection?.key === key && this.selection.version === this.version) return this.selection.ids;

    const fromMs = updatedFrom === null ? null : Date.parse(updatedFrom);
    if (Number.isNaN(fromMs)) throw new RangeError(`updatedFrom is not an instant: ${updatedFrom}`);
    let clients = this.ids()
      .map((id) => this.live.get(id)!)
      .filter(
        (client) =>
          (fromMs === null || Date.parse(client.updatedAt) >= fromMs) &&
          extraFieldFilters.every(([name, value]) => extraFieldValue(client, name) === value),
      );
    if (sort.length > 0) {
      const keyed = clients.map((client) => ({ client, values: sort.map(({ field }) => valueAt(client, field)) }));
      keyed.sort((left, right) => {
        for (const [index, { direction }] of sort.entries()) {
          const order = compareValues(left.values[index], right.values[index]);
          if (order !== 0) return direction === 'asc' ? order : -order;
        }
        return left.client.id - right.client.id;
      });
      clients = keyed.map(({ client }) => client);
    }
    const ids = clients.map((client) => client.id);
    this.selection = { key, version: this.version, ids };
    return ids;
  }

  private pageOf(query: ListClientsQuery): { page: number; size: number; ids: readonly number[]; totalItems: number } {
    const page = query.page ?? 0;
    const size = query.size ?? DEFAULT_PAGE_SIZE;
    const selected = this.select(query);
    return { page, size, ids: selected.slice(page * size, (page + 1) * size), totalItems: selected.length };
  }

  private jsonOf(client: ClientRecord): string {
    let json = this.serialized.get(client);
    if (json === undefined) {
      json = JSON.stringify(client);
      this.serialized.set(client, json);
    }
    return json;
  }

  private membershipChanged(): void {
    this.orderedIds = null;
    this.version++;
  }

  private liveClient(id: number): ClientRecord {
    const client = this.live.get(id);
    if (!client) throw new ClientNotFoundError(id);
    return client;
  }

  private save(current: ClientRecord, changed: JsonValue): ClientRecord {
    if (!isJsonObject(changed)) throw new ClientValidationError([{ field: '', message: 'a client must be a JSON object' }]);
    const client: ClientRecord = { ...changed, id: current.id, createdAt: current.createdAt, updatedAt: current.updatedAt };
    this.assertValid(client);
    client.updatedAt = this.nextTimestamp();
    this.live.set(client.id, client);
    this.version++;
    return this.emit('client.updated', client);
  }

  private assertValid(client: ClientRecord): void {
    const errors = validateClient(client);
    if (errors.length > 0) throw new ClientValidationError(errors);
  }

  /** Millisecond ISO timestamps, strictly increasing even for changes within one millisecond. */
  private nextTimestamp(): string {
    this.lastTimestampMs = Math.max(this.now(), this.lastTimestampMs + 1);
    return new Date(this.lastTimestampMs).toISOString();
  }

  private emit(type: ClientEventType, client: ClientRecord): ClientRecord {
    for (const listener of this.listeners) listener({ type, client: structuredClone(client) });
    return structuredClone(client);
  }
}
