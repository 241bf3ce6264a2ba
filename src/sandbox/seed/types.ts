/** What the seed generates: clients in Robaws' shape, and the duplicates it planted among them. */

export type Language = 'nl' | 'fr' | 'en' | 'de';

export type SandboxExtraField = { type: 'SELECT' | 'TEXT'; group: string | null; stringValue: string | null };

export type SandboxAddress = {
  addressLine1: string | null;
  postalCode: string | null;
  city: string | null;
  country: string | null;
  countryCode: string | null;
};

/** A client as Robaws returns it; absent values are `null`, as a JSON API backed by a database sends them. */
export type SandboxClient = {
  id: number;
  name: string;
  clientType: 'company' | 'person';
  email: string | null;
  tel: string | null;
  gsm: string | null;
  website: string | null;
  vatNumber: string | null;
  language: Language;
  currency: string;
  isActive: boolean;
  address: SandboxAddress | null;
  extraFields: Record<string, SandboxExtraField>;
  createdAt: string;
  updatedAt: string;
};

export type DuplicateReason = 'same-vat' | 'same-name-other-suffix' | 'same-email';
export interface DuplicateGroup {
  reason: DuplicateReason;
  ids: number[];
}
export interface SeedResult {
  clients: SandboxClient[];
  /** Ground truth: every group of clients seeded as duplicates of each other, and why. */
  duplicateGroups: DuplicateGroup[];
}
