import { unitedArabEmirates } from './countries/united-arab-emirates.js';
import type { Draft, Identity } from './draft.js';
import type { SandboxAddress, SandboxClient } from './types.js';
import type { UniqueValues } from './unique-values.js';
import { roleField } from './vocabulary.js';

function dubaiAddress(addressLine1: string): SandboxAddress {
  return { addressLine1, postalCode: null, city: 'Dubai', country: 'United Arab Emirates', countryCode: 'AE' };
}

/** "222 CARS", with the values seen in the live account. */
export function carsDraft(identity: Identity): Draft {
  const client: SandboxClient = {
    id: identity.id,
    name: '222 CARS',
    clientType: 'company',
    email: 'info@222motors.ae',
    tel: '+971559659999',
    gsm: null,
    website: 'https://www.222motors.ae',
    vatNumber: null,
    language: 'en',
    currency: 'USD',
    isActive: true,
    address: dubaiAddress('Showroom 22, Al Aweer Auto Market'),
    extraFields: { Role: roleField('LUXURY CAR DEALER') },
    createdAt: identity.createdAt,
    updatedAt: identity.updatedAt,
  };
  return { client, stem: '222 CARS', legalSuffix: null, vatBody: null, profile: unitedArabEmirates };
}

/** "Aeon Shipping LLC", a forwarder in the live account. */
export function aeonDraft(identity: Identity): Draft {
  const vatBody = '100384756200003';
  const client: SandboxClient = {
    id: identity.id,
    name: 'Aeon Shipping LLC',
    clientType: 'company',
    email: 'info@aeonshipping.ae',
    tel: '+971 4 883 5120',
    gsm: '+971 50 412 7731',
    website: 'https://www.aeonshipping.ae',
    vatNumber: vatBody,
    language: 'en',
    currency: 'USD',
    isActive: true,
    address: dubaiAddress('Office 1408, Jumeirah Bay X2 Tower, JLT'),
    extraFields: { Role: roleField('FORWARDER') },
    createdAt: identity.createdAt,
    updatedAt: identity.updatedAt,
  };
  return { client, stem: 'Aeon Shipping', legalSuffix: 'LLC', vatBody, profile: unitedArabEmirates };
}

export function reserveKnownClients(unique: UniqueValues): void {
  // '222 Motors' and 'Aeon Shipping' also keep their e-mail domains free.
  for (const name of ['222 CARS', '222 Motors', 'Aeon Shipping']) unique.claimName(name);
  unique.claimVat('AE', '100384756200003');
}
