import fs from 'node:fs';
import { z } from 'zod';
import { resourcePath } from '../../resources';

const TextBlock = z.object({
  kind: z.literal('text'),
  text: z.string(),
  bold: z.boolean().optional(),
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

/** Loads a form set (templates are data: a new regulation's set is a new file). */
export function loadFormSet(file = resourcePath('forms', DEFAULT_FORM_SET)): FormSet {
  return FormSetSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}
