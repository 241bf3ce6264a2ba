/** The known roles (values of the Robaws custom field "Role") and the badge colour each shows in a list. */

export const KNOWN_ROLES = [
  'FORWARDER',
  'POV',
  'BROKER',
  'SHIPPING LINE',
  'CAR DEALER',
  'LUXURY CAR DEALER',
  'EMBASSY',
  'TRANSPORT COMPANY',
  'OEM',
  'RENTAL',
  'CONSTRUCTION COMPANY',
  'MINING COMPANY',
  'TOURIST',
  'BLACKLISTED',
  'RORO',
  'HOLLANDICO',
] as const;

export const ROLE_BADGE_COLORS = ['PRIMARY', 'SUCCESS', 'WARNING', 'INFO', 'SECONDARY', 'DANGER', 'GRAY'] as const;
export type RoleBadgeColor = (typeof ROLE_BADGE_COLORS)[number];

const BADGE_COLOR_BY_ROLE: Readonly<Record<string, RoleBadgeColor>> = {
  FORWARDER: 'PRIMARY',
  POV: 'SUCCESS',
  BROKER: 'WARNING',
  'SHIPPING LINE': 'INFO',
  'CAR DEALER': 'SECONDARY',
  'LUXURY CAR DEALER': 'SUCCESS',
  TOURIST: 'DANGER',
  BLACKLISTED: 'DANGER',
};

/** Roles without a colour of their own, and roles we do not know, are gray. */
export function roleBadgeColor(role: string | null): RoleBadgeColor {
  return (role && BADGE_COLOR_BY_ROLE[role]) || 'GRAY';
}
