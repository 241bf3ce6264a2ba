/** Words and values shared by every country: name parts, roles, custom field values, odd phones, websites. */
import type { KNOWN_ROLES } from '../../customers/roles.js';
import type { Formats } from './text-formats.js';
import type { SandboxExtraField } from './types.js';

type ClientRole = (typeof KNOWN_ROLES)[number];

export const NAME_WORDS = ['Delta', 'Nordic', 'Euro', 'Global', 'Atlas', 'Oceanic', 'Trans', 'Alpha', 'Star', 'Royal', 'Prime', 'Continental', 'Orion', 'Neptune', 'Phoenix', 'Apex', 'Vertex', 'Zenith', 'Horizon', 'Eagle', 'Blue Line', 'Northsea', 'Westland', 'Eastern', 'Sunrise', 'Silverline', 'Interworld', 'Unity', 'Polaris', 'Meridian'];

export const COMPANY_ROLE_WEIGHTS: ReadonlyArray<readonly [ClientRole, number]> = [
  ['FORWARDER', 25],
  ['CAR DEALER', 15],
  ['LUXURY CAR DEALER', 5],
  ['BROKER', 8],
  ['SHIPPING LINE', 4],
  ['TRANSPORT COMPANY', 10],
  ['OEM', 3],
  ['RENTAL', 4],
  ['CONSTRUCTION COMPANY', 6],
  ['MINING COMPANY', 2],
  ['EMBASSY', 2],
  ['RORO', 3],
  ['HOLLANDICO', 1],
  ['BLACKLISTED', 1],
];
export const PERSON_ROLE_WEIGHTS: ReadonlyArray<readonly [ClientRole, number]> = [
  ['POV', 60],
  ['TOURIST', 30],
  ['CAR DEALER', 7],
  ['BLACKLISTED', 3],
];
export const SEGMENTS = ['Export Africa', 'Export Middle East', 'Benelux', 'Heavy machinery', 'Used cars', 'New cars', 'Project cargo', 'Ro-Ro'];
export const ACCOUNT_MANAGERS = ['Patrick', 'Sofie', 'Ahmed', 'Jan', 'Nathalie'];
export const UNPARSEABLE_PHONES = ['n/a', '12', '-', '0', 'tbc', '+32'];

export function roleField(role: string | null): SandboxExtraField {
  return { type: 'SELECT', group: null, stringValue: role };
}

/** Whether an address names its country, gives only the code, or both. */
export const COUNTRY_NAMINGS = [['both', 80], ['name', 12], ['code', 8]] as const;

export const WEBSITE: Formats<[domain: string]> = [
  [(domain) => `https://www.${domain}`, 5],
  [(domain) => `www.${domain}`, 3],
  [(domain) => `http://${domain}`, 1],
  [(domain) => domain, 1],
  [(domain) => `https://${domain}/`, 1],
];
