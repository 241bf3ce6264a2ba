import type { Db } from '../db/client.js';
import { KNOWN_ROLES, roleBadgeColor, type RoleBadgeColor as RoleBadgeColorValue } from '../customers/roles.js';
import { builder } from './builder.js';
import { RoleBadgeColor } from './customer.js';

interface RoleCount {
  role: string;
  color: RoleBadgeColorValue;
  count: number;
  known: boolean;
}

const CustomerRole = builder.objectRef<RoleCount>('CustomerRole').implement({
  fields: (t) => ({
    role: t.exposeString('role'),
    color: t.field({ type: RoleBadgeColor, resolve: (role) => role.color }),
    count: t.exposeInt('count', { description: 'Customers with this role.' }),
    known: t.exposeBoolean('known', { description: "In the plan's role list (otherwise only seen in data)." }),
  }),
});

/** The plan's roles in its order, then every other role seen in the data, each with its count. */
async function roleCounts(db: Db): Promise<RoleCount[]> {
  const groups = await db.customer.groupBy({ by: ['role'], where: { role: { not: null } }, _count: { _all: true } });
  const counts = new Map(groups.map((group) => [group.role as string, group._count._all]));
  const known: readonly string[] = KNOWN_ROLES;
  const seen = [...counts.keys()].filter((role) => !known.includes(role)).sort();
  return [...known, ...seen].map((role) => ({ role, color: roleBadgeColor(role), count: counts.get(role) ?? 0, known: known.includes(role) }));
}

interface Totals {
  total: number;
  active: number;
  inactive: number;
  pendingPush: number;
  inConflict: number;
  gone: number;
  withoutRole: number;
}

const CustomerStats = builder.objectRef<Totals>('CustomerStats').implement({
  description: "Counts for dashboards and the plan's navigation badge.",
  fields: (t) => ({
    total: t.exposeInt('total'),
    active: t.exposeInt('active'),
    inactive: t.exposeInt('inactive'),
    pendingPush: t.exposeInt('pendingPush', { description: 'Customers with edits not yet pushed to Robaws.' }),
    inConflict: t.exposeInt('inConflict', { description: 'Customers with fields changed both here and in Robaws.' }),
    gone: t.exposeInt('gone', { description: 'Customers Robaws no longer has.' }),
    withoutRole: t.exposeInt('withoutRole'),
    byRole: t.field({ type: [CustomerRole], resolve: (_totals, _args, context) => roleCounts(context.db) }),
  }),
});

builder.queryFields((t) => ({
  customerRoles: t.field({
    type: [CustomerRole],
    description: "The roles a customer can have: the plan's list and any other role seen in the data, with badge colour and count.",
    resolve: (_parent, _args, context) => roleCounts(context.db),
  }),
  customerStats: t.field({
    type: CustomerStats,
    resolve: async (_parent, _args, context) => {
      const [totals] = await context.db.$queryRaw<Totals[]>`
        SELECT count(*)::int AS total,
               count(*) FILTER (WHERE is_active)::int AS active,
               count(*) FILTER (WHERE NOT is_active)::int AS inactive,
               count(*) FILTER (WHERE pending_changes <> '{}'::jsonb)::int AS "pendingPush",
               count(*) FILTER (WHERE conflicts <> '{}'::jsonb)::int AS "inConflict",
               count(*) FILTER (WHERE gone_from_robaws_at IS NOT NULL)::int AS gone,
               count(*) FILTER (WHERE role IS NULL)::int AS "withoutRole"
        FROM customers`;
      return totals!;
    },
  }),
}));
