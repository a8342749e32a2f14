import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../shared/contract';
import { resourcePath } from '../../resources';

const TextBlock = z.object({
  kind: z.literal('text'),
  text: z.string(),
  bold: z.boolean().optional(),
  italic: z.boolean().optional(),
  align: z.enum(['left', 'center', 'right']).optional(),
  size: z.number().optional(),
});
const Block = z.discriminatedUnion('kind', [
  TextBlock,
  z.object({ kind: z.literal('components') }),
  z.object({ kind: z.literal('gap'), size: z.number() }),
  z.object({ kind: z.literal('signatures'), left: z.array(z.string()), right: z.array(z.string()) }),
  z.object({
    kind: z.literal('table'),
    source: z.enum(['history', 'register']),
    columns: z.array(z.object({ header: z.string(), key: z.string(), width: z.number() })),
  }),
]);
export type FormBlock = z.infer<typeof Block>;

const FormTemplateSchema = z.object({
  title: z.string(),
  qr: z.boolean().default(true),
  landscape: z.boolean().default(false),
  blocks: z.array(Block),
});
export type FormTemplate = z.infer<typeof FormTemplateSchema>;

export const FormSetSchema = z.object({
  set: z.string(),
  source: z.string(),
  forms: z.record(z.enum(['01', '02', '03', '04', '05', '06']), FormTemplateSchema),
});
export type FormSet = z.infer<typeof FormSetSchema>;

export const DEFAULT_FORM_SET = 'tt01-2018.json';

/** The file of an installation's form set: a name under resources/forms, or a path (CoreConfig.formSet, `--form-set`). */
export function formSetFile(choice: string | undefined): string {
  if (!choice) return resourcePath('forms', DEFAULT_FORM_SET);
  return /[\\/]/.test(choice) ? path.resolve(choice) : resourcePath('forms', choice);
}

/** The form sets shipped with the product (file names under resources/forms). */
export function shippedFormSets(): string[] {
  return fs
    .readdirSync(resourcePath('forms'))
    .filter((f) => f.endsWith('.json'))
    .sort();
}

/** Loads a form set (templates are data: a new regulation's set is a new file). A missing or malformed file is refused in Vietnamese. */
export function loadFormSet(file = resourcePath('forms', DEFAULT_FORM_SET)): FormSet {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('invalid_input', `Không đọc được bộ mẫu biểu ${file} (cần tệp JSON; có sẵn: ${shippedFormSets().join(', ')}).`, [
      (error as Error).message,
    ]);
  }
  const parsed = FormSetSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      'invalid_input',
      `Bộ mẫu biểu ${file} không đúng cấu trúc.`,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  return parsed.data;
}
