import type { CustomerTotals, RoleCount } from '../customers/customer-queries.js';
import { builder } from './builder.js';
import { RoleBadgeColor } from './customer.js';

const CustomerRole = builder.objectRef<RoleCount>('CustomerRole').implement({
  description: 'A role customers can have, with its badge colour and how many have it.',
  fields: (t) => ({
    role: t.exposeString('role', { description: 'The role, upper case, as Customer.role holds it.' }),
    color: t.field({ type: RoleBadgeColor, description: "The colour of the role's badge.", resolve: (role) => role.color }),
    count: t.exposeInt('count', { description: 'Customers with this role.' }),
    known: t.exposeBoolean('known', { description: 'One of the known roles (otherwise only seen in the data).' }),
  }),
});

const CustomerStats = builder.objectRef<CustomerTotals>('CustomerStats').implement({
  description: 'Counts for dashboards and navigation badges.',
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Every customer stored here.' }),
    active: t.exposeInt('active', { description: 'Customers active here.' }),
    inactive: t.exposeInt('inactive', { description: 'Customers marked inactive here.' }),
    pendingPush: t.exposeInt('pendingPush', { description: 'Customers with edits not yet pushed to Robaws.' }),
    inConflict: t.exposeInt('inConflict', { description: 'Customers with fields changed both here and in Robaws.' }),
    gone: t.exposeInt('gone', { description: 'Customers Robaws no longer has.' }),
    withoutRole: t.exposeInt('withoutRole', { description: 'Customers without a role.' }),
    byRole: t.field({ type: [CustomerRole], description: 'Customers per role, as customerRoles lists them.', resolve: (_totals, _args, context) => context.customers.roles() }),
  }),
});

builder.queryFields((t) => ({
  customerRoles: t.field({
    type: [CustomerRole],
    description: 'The roles a customer can have: the known roles first, then any other role seen in the data, each with its badge colour and count.',
    resolve: (_parent, _args, context) => context.customers.roles(),
  }),
  customerStats: t.field({
    type: CustomerStats,
    description: 'Counts of customers: total, active, pending push, in conflict, gone, per role.',
    resolve: (_parent, _args, context) => context.customers.totals(),
  }),
}));
