import { resolveNodes } from '@pothos/plugin-relay';
import type { Db } from '../db/client.js';
import { ValidationError } from '../errors.js';
import { builder } from './builder.js';
import type { GraphQLContext } from './context.js';
import { decodeNodeId, type NodeType } from './ids.js';
import { MAX_PAGE_SIZE } from './limits.js';

/**
 * node and nodes, Relay's lookups by global id. An id that names nothing (unknown, of no Node type,
 * malformed, or out of range) answers null in its place: the Relay convention, and one bad id never
 * fails a whole list.
 */

type RowId = number | string;

/** Which of `rowIds` have a row: Pothos loads the found ones with exactly the selection asked for. */
const EXISTING: Record<NodeType, (db: Db, rowIds: RowId[]) => Promise<Array<{ id: RowId }>>> = {
  Customer: (db, ids) => db.customer.findMany({ where: { id: { in: ids as number[] } }, select: { id: true } }),
  Intake: (db, ids) => db.intake.findMany({ where: { id: { in: ids as number[] } }, select: { id: true } }),
  SyncRun: (db, ids) => db.syncRun.findMany({ where: { id: { in: ids as string[] } }, select: { id: true } }),
  WebhookEvent: (db, ids) => db.webhookEvent.findMany({ where: { id: { in: ids as string[] } }, select: { id: true } }),
};

async function existingNodeIds(globalIds: readonly string[], context: GraphQLContext): Promise<Array<{ typename: string; id: string } | null>> {
  const decoded = globalIds.map(decodeNodeId);
  const types = [...new Set(decoded.flatMap((node) => (node ? [node.type] : [])))];
  const found = new Set(
    (
      await Promise.all(
        types.map(async (type) => {
          const rows = await EXISTING[type](context.db, decoded.flatMap((node) => (node?.type === type ? [node.rowId] : [])));
          return rows.map((row) => `${type}:${row.id}`);
        }),
      )
    ).flat(),
  );
  return decoded.map((node) => (node && found.has(`${node.type}:${node.rowId}`) ? { typename: node.type, id: String(node.rowId) } : null));
}

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Any object with a global id (Customer, Intake, SyncRun, WebhookEvent), by that id; null when the id names nothing.',
    args: { id: t.arg.id({ required: true, description: 'A global id, as an `id` field gives it.' }) },
    resolve: async (_root, args, context, info) => {
      const [id] = await existingNodeIds([String(args.id)], context);
      return id ? (await resolveNodes(builder, context, info, [id]))[0] : null;
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: 'Objects by global id, in the order asked; null in the place of an id that names nothing.',
    args: { ids: t.arg.idList({ required: true, description: `Global ids, as \`id\` fields give them; at most ${MAX_PAGE_SIZE}.` }) },
    complexity: (args) => ({ field: 1, multiplier: Math.max(1, args.ids.length) }),
    resolve: async (_root, args, context, info) => {
      if (args.ids.length > MAX_PAGE_SIZE) throw new ValidationError([{ path: 'ids', message: `At most ${MAX_PAGE_SIZE} ids at once` }]);
      return resolveNodes(builder, context, info, await existingNodeIds(args.ids.map(String), context));
    },
  }),
}));
