import type { CustomerTotals, RoleCount } from '../customers/customer-queries.js';
import { builder } from './builder.js';
import { RoleBadgeColor } from './customer.js';

const CustomerRole = builder.objectRef<RoleCount>('CustomerRole').implement({
  fields: (t) => ({
    role: t.exposeString('role'),
    color: t.field({ type: RoleBadgeColor, resolve: (role) => role.color }),
    count: t.exposeInt('count', { description: 'Customers with this role.' }),
    known: t.exposeBoolean('known', { description: "One of the known roles (otherwise only seen in the data)." }),
  }),
});

const CustomerStats = builder.objectRef<CustomerTotals>('CustomerStats').implement({
  description: 'Counts for dashboards and navigation badges.',
  fields: (t) => ({
    total: t.exposeInt('total'),
    active: t.exposeInt('active'),
    inactive: t.exposeInt('inactive'),
    pendingPush: t.exposeInt('pendingPush', { description: 'Customers with edits not yet pushed to Robaws.' }),
    inConflict: t.exposeInt('inConflict', { description: 'Customers with fields changed both here and in Robaws.' }),
    gone: t.exposeInt('gone', { description: 'Customers Robaws no longer has.' }),
    withoutRole: t.exposeInt('withoutRole'),
    byRole: t.field({ type: [CustomerRole], resolve: (_totals, _args, context) => context.customers.roles() }),
  }),
});

builder.queryFields((t) => ({
  customerRoles: t.field({
    type: [CustomerRole],
    description: 'The roles a customer can have: the known roles and any other role seen in the data, with badge colour and count.',
    resolve: (_parent, _args, context) => context.customers.roles(),
  }),
  customerStats: t.field({
    type: CustomerStats,
    resolve: (_parent, _args, context) => context.customers.totals(),
  }),
}));
