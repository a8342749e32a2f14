import { z } from 'zod';

/**
 * Personal data (Decree 13/2023/NĐ-CP) is marked on the contract's own
 * schemas, field by field, so the redaction for public screens (kiosk,
 * display board) follows the data's meaning, not its key name. A field added
 * under any new key is cut as soon as it is marked; a test walks every method
 * and event a public screen can reach.
 *
 * - `name`: a citizen's name; a display board may show it when the hall allows (`--display-names`).
 * - `identifier`: ID numbers, tax codes, dossier codes: never on a public screen.
 * - `contact`: address, phone, e-mail, birth date: never on a public screen.
 */
export type PersonalKind = 'name' | 'identifier' | 'contact';

export const personalData = z.registry<{ personal: PersonalKind }>();

/** Marks a field schema as personal data of the given kind; answers the same schema. */
export function personal<T extends z.ZodType>(schema: T, kind: PersonalKind): T {
  personalData.add(schema, { personal: kind });
  return schema;
}

export function personalKindOf(schema: z.ZodType): PersonalKind | undefined {
  return personalData.get(schema)?.personal;
}
