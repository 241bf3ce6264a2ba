import type { CountryCode } from 'libphonenumber-js/max';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { likeEscaped } from '../db/like.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { $Enums, type Intake, type Prisma } from '../generated/prisma/client.js';
import { parseInput } from '../validation.js';
import { normalizeEmail, normalizePhone } from './normalize.js';

/**
 * Intakes and their customer: choosing a customer fills the intake's customer name and contact
 * details from it, unless the input gives them.
 */

export const INTAKE_STATUSES = Object.values($Enums.IntakeStatus);
export type IntakeStatus = $Enums.IntakeStatus;

export interface IntakeFilter {
  statuses?: IntakeStatus[] | null;
  robawsClientId?: string | null;
  search?: string | null;
}

export function intakeWhere(filter: IntakeFilter | null | undefined): Prisma.IntakeWhereInput {
  const search = filter?.search?.trim() ? likeEscaped(filter.search.trim()) : '';
  return {
    ...(filter?.statuses?.length ? { status: { in: filter.statuses } } : {}),
    ...(filter?.robawsClientId ? { robawsClientId: filter.robawsClientId } : {}),
    ...(search ? { OR: [{ customerName: { contains: search, mode: 'insensitive' } }, { contactEmail: { contains: search, mode: 'insensitive' } }] } : {}),
  };
}

/** Intakes newest first (the id breaks ties, so that cursors are exact). */
export const INTAKE_ORDER: Prisma.IntakeOrderByWithRelationInput[] = [{ createdAt: 'desc' }, { id: 'desc' }];

/** The example the form's phone error gives: it must itself be a valid number. */
export const PHONE_EXAMPLE = '+32 3 234 56 78';

/** The intake form's rules; phones typed without a country code are read as `defaultCountry` numbers. */
const intakeChangesSchema = (defaultCountry: CountryCode) =>
  z
    .strictObject({
      robawsClientId: z.string().trim().min(1, 'Choose a customer, or leave it out').nullable(),
      customerName: z.string().trim().max(255, 'At most 255 characters').nullable(),
      contactEmail: z
        .string()
        .max(255, 'At most 255 characters')
        .transform((value, context) => {
          const email = normalizeEmail(value);
          if (!email.valid) context.addIssue({ code: 'custom', message: 'Not a valid e-mail address' });
          return email.value;
        })
        .nullable(),
      contactPhone: z
        .string()
        .max(255, 'At most 255 characters')
        .transform((value, context) => {
          const phone = normalizePhone(value, { defaultCountry });
          if (!phone.valid) context.addIssue({ code: 'custom', message: `Not a valid phone number (write it with its country code, e.g. ${PHONE_EXAMPLE})` });
          return phone.value;
        })
        .nullable(),
      status: z.enum(INTAKE_STATUSES),
      notes: z.string().max(5000, 'At most 5000 characters').nullable(),
    })
    .partial();
type IntakeChanges = z.output<ReturnType<typeof intakeChangesSchema>>;

export class Intakes {
  constructor(private readonly deps: { db: Db; defaultCountry: CountryCode }) {}

  async create(input: Record<string, unknown>): Promise<Intake> {
    const { db } = this.deps;
    return db.intake.create({ data: await withCustomerDetails(db, this.parse(input)) });
  }

  /** Fields left out stay as they are; null clears one. Choosing another customer fills the contact fields from it, unless given. */
  async update(id: number, input: Record<string, unknown>): Promise<Intake> {
    const changes = this.parse(input);
    return this.deps.db.$transaction(async (tx) => {
      const current = await tx.intake.findUnique({ where: { id }, select: { robawsClientId: true } });
      if (!current) throw new NotFoundError('Intake', String(id));
      const chosen = changes.robawsClientId !== undefined && changes.robawsClientId !== current.robawsClientId;
      return tx.intake.update({ where: { id }, data: chosen ? await withCustomerDetails(tx, changes) : changes });
    });
  }

  async delete(id: number): Promise<void> {
    const { count } = await this.deps.db.intake.deleteMany({ where: { id } });
    if (count === 0) throw new NotFoundError('Intake', String(id));
  }

  private parse(input: Record<string, unknown>): IntakeChanges {
    return parseInput(intakeChangesSchema(this.deps.defaultCountry), input);
  }
}

/**
 * Choosing a customer fills the customer name, contact e-mail and contact phone from it, unless the
 * input gives them (null included: that clears them). A client id we do not know is a field error.
 */
async function withCustomerDetails(db: Prisma.TransactionClient, changes: IntakeChanges): Promise<IntakeChanges> {
  if (!changes.robawsClientId) return changes;
  const customer = await db.customer.findUnique({ where: { robawsClientId: changes.robawsClientId }, select: { name: true, email: true, phone: true } });
  if (!customer) throw new ValidationError([{ path: 'robawsClientId', message: `No customer has Robaws client id ${changes.robawsClientId}` }]);
  return {
    ...changes,
    customerName: changes.customerName === undefined ? customer.name : changes.customerName,
    contactEmail: changes.contactEmail === undefined ? customer.email : changes.contactEmail,
    contactPhone: changes.contactPhone === undefined ? customer.phone : changes.contactPhone,
  };
}
