import { toCustomerRecord } from '../src/customers/customer-record.js';
import { upsertCustomers } from '../src/customers/customer-writer.js';
import { createDb, type Db } from '../src/db/client.js';
import { robawsClientSchema } from '../src/robaws/types.js';
import { generateClients } from '../src/sandbox/seed/generator.js';

/**
 * The GraphQL benchmark's data, written in a process of its own (see `seeded` in graphql.bench.ts):
 * `node --import tsx bench/graphql-seed.ts <database url> <customers> <intakes>` prints, as JSON, the
 * search terms it picked.
 */

const INTAKE_BATCH = 10_000;

async function seed(db: Db, customers: number, intakes: number): Promise<string[]> {
  const { clients } = generateClients({ count: customers });
  const records = clients.map((client) => {
    const raw = JSON.parse(JSON.stringify({ ...client, id: String(client.id) })) as Record<string, unknown>;
    return toCustomerRecord({ client: robawsClientSchema.parse(raw), raw }, { defaultCountry: 'BE' });
  });
  await upsertCustomers(db, records, { batchSize: 1_000 });
  // Intakes for the first fifth of the customers.
  const withIntakes = Math.max(1, Math.floor(customers / 5));
  for (let start = 0; start < intakes; start += INTAKE_BATCH) {
    await db.intake.createMany({
      data: Array.from({ length: Math.min(INTAKE_BATCH, intakes - start) }, (_, index) => {
        const customer = records[((start + index) * 7) % withIntakes]!;
        return { robawsClientId: customer.robawsClientId, customerName: customer.name, contactEmail: customer.email };
      }),
    });
  }
  // As autovacuum leaves a database some time after a bulk load: statistics and visibility maps up to date.
  await db.$executeRawUnsafe('VACUUM ANALYZE');
  // What people type to find a customer: the start of its name, a word of it in another case, its
  // e-mail address, its VAT number written with dots and spaces or without the country prefix.
  return records.filter((_, index) => index % 997 === 0).flatMap((record, position) => {
    const longestWord = record.name.split(' ').reduce((longest, word) => (word.length > longest.length ? word : longest), '');
    const vat = record.vatNumber;
    return [
      record.name.slice(0, 4).toLowerCase(),
      longestWord.toUpperCase(),
      ...(record.email ? [record.email] : []),
      ...(vat ? [position % 2 === 0 ? `${vat.slice(0, 2)} ${vat.slice(2, 6)}.${vat.slice(6, 9)}.${vat.slice(9)}` : vat.slice(2)] : []),
    ];
  });
}

const [url, customers, intakes] = process.argv.slice(2);
if (!url || !customers || !intakes) throw new Error('Usage: node --import tsx bench/graphql-seed.ts <database url> <customers> <intakes>');
const db = createDb(url);
try {
  process.stdout.write(JSON.stringify(await seed(db, Number(customers), Number(intakes))));
} finally {
  await db.$disconnect();
}
