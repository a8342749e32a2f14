import type { z } from 'zod';
import { personalKindOf, type PersonalKind } from '../../../shared/contract';

/** What one caller may see of each kind of personal data; null means "no cut at all". */
export type PersonalAllowance = ((kind: PersonalKind) => boolean) | null;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  options?: z.ZodType[];
  valueType?: z.ZodType;
  in?: z.ZodType;
  items?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional', 'exact_optional']);

/** The value a cut field takes: null where the schema allows it, else an empty or masked string, else absent. */
function blank(schema: z.ZodType): unknown {
  for (const candidate of [null, '', '•••', undefined]) if (schema.safeParse(candidate).success) return candidate;
  throw new Error('a personal field has no blank value its schema accepts: make it nullable');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Cuts every field the contract marks as personal (`personal(...)` in shared/contract) from `value`,
 * walking `value` along its schema; kinds the caller may see stay. The one redaction for every answer and
 * event that reaches a public screen.
 */
export function redactPersonal(schema: z.ZodType, value: unknown, allow: (kind: PersonalKind) => boolean): unknown {
  const kind = personalKindOf(schema);
  if (kind && !allow(kind) && value !== null && value !== undefined) return blank(schema);
  const def = defOf(schema);
  if (def.type === 'object' && def.shape && isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const field = def.shape[key];
      const cut = field ? redactPersonal(field, child, allow) : child;
      if (cut !== undefined || !field) out[key] = cut;
    }
    return out;
  }
  if (def.type === 'array' && def.element && Array.isArray(value)) return value.map((v) => redactPersonal(def.element!, v, allow));
  if (def.type === 'tuple' && def.items && Array.isArray(value))
    return value.map((v, i) => (def.items![i] ? redactPersonal(def.items![i]!, v, allow) : v));
  if (WRAPPERS.has(def.type) && def.innerType)
    return value === null || value === undefined ? value : redactPersonal(def.innerType, value, allow);
  if (def.type === 'union' && def.options) {
    const option = def.options.find((o) => o.safeParse(value).success);
    return option ? redactPersonal(option, value, allow) : value;
  }
  if (def.type === 'record' && def.valueType && isRecord(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactPersonal(def.valueType!, v, allow)]));
  }
  if (def.type === 'pipe' && def.in) return redactPersonal(def.in, value, allow);
  if (def.type === 'lazy' && def.getter) return redactPersonal(def.getter(), value, allow);
  if (def.type === 'intersection' && def.left && def.right) return redactPersonal(def.right, redactPersonal(def.left, value, allow), allow);
  return value;
}

/** Every schema node reachable from `schema` that carries a personal mark, with its path (for the walk test). */
export function personalPaths(schema: z.ZodType, path = '$', seen = new Set<z.ZodType>()): { path: string; kind: PersonalKind }[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const kind = personalKindOf(schema);
  const here = kind ? [{ path, kind }] : [];
  const def = defOf(schema);
  const children: [string, z.ZodType][] = [];
  if (def.shape) for (const [k, v] of Object.entries(def.shape)) children.push([`${path}.${k}`, v]);
  if (def.element) children.push([`${path}[]`, def.element]);
  if (def.innerType) children.push([path, def.innerType]);
  if (def.options) def.options.forEach((o, i) => children.push([`${path}|${i}`, o]));
  if (def.valueType) children.push([`${path}{}`, def.valueType]);
  if (def.in) children.push([path, def.in]);
  if (def.items) def.items.forEach((o, i) => children.push([`${path}[${i}]`, o]));
  return [...here, ...children.flatMap(([p, s]) => personalPaths(s, p, seen))];
}
