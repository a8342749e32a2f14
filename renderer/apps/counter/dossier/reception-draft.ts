/**
 * The reception draft: one citizen's dossier while it is being entered at a
 * counter. It is a value (a reducer's state), saved per counter so a tab
 * switch, the idle lock or a restart give it back; it is bound to the ticket
 * it was started for and only an explicit "new citizen" starts another. Its id
 * is the `requestId` of dossier.receive: a resend answers the same dossier.
 */
import { z } from 'zod';
import {
  AttachmentInfoSchema,
  CatalogEntrySchema,
  DossierSchema,
  FeeSchema,
  type Applicant,
  type CatalogEntry,
  type Dossier,
  type Fee,
  type ReceiveInput,
} from '../../../../shared/contract';

export const EMPTY_APPLICANT: Applicant = {
  kind: 'citizen',
  fullName: '',
  idNumber: null,
  oldIdNumber: null,
  birthDate: null,
  sex: null,
  address: '',
  phone: '',
  email: '',
  taxCode: null,
  organizationName: null,
};

const TicketRefSchema = z.object({ id: z.string(), number: z.string() });
export type TicketRef = z.infer<typeof TicketRefSchema>;

const ComponentDraftSchema = z.object({
  code: z.string(),
  name: z.string(),
  originals: z.number(),
  copies: z.number(),
  required: z.boolean(),
  received: z.boolean(),
  sha256: z.string().nullable(),
  fileName: z.string().nullable(),
  reusedFrom: z.object({ kind: z.enum(['component', 'result']), dossierCode: z.string() }).nullable(),
  /** What the back end read in the attached file (kind, pages, thumbnail); null before it answered. */
  info: AttachmentInfoSchema.nullable(),
});
export type ComponentDraft = z.infer<typeof ComponentDraftSchema>;

/** An applicant being typed: the contract's rules (12 digits, a phone pattern) apply at receive, not to a half-typed draft. */
const DraftApplicantSchema = z.object({
  kind: z.enum(['citizen', 'organization']),
  fullName: z.string(),
  idNumber: z.string().nullable(),
  oldIdNumber: z.string().nullable(),
  birthDate: z.string().nullable(),
  sex: z.enum(['Nam', 'Nữ']).nullable(),
  address: z.string(),
  phone: z.string(),
  email: z.string(),
  taxCode: z.string().nullable(),
  organizationName: z.string().nullable(),
}) satisfies z.ZodType<Applicant>;

export const ReceptionDraftSchema = z.object({
  id: z.string().min(8),
  /** The ticket this citizen was called with; null for a walk-in. Never changes once the draft holds data. */
  ticket: TicketRefSchema.nullable(),
  procedure: CatalogEntrySchema.nullable(),
  applicant: DraftApplicantSchema,
  components: z.array(ComponentDraftSchema),
  fees: z.array(FeeSchema),
  notes: z.string(),
  delivery: z.enum(['desk', 'post']),
  deliveryAddress: z.string(),
  refusal: z.string(),
  /** The dossier once received: the receipt stays on screen until "new citizen". */
  done: DossierSchema.nullable(),
});
export type ReceptionDraft = z.infer<typeof ReceptionDraftSchema>;

export function newDraft(id: string, ticket: TicketRef | null): ReceptionDraft {
  return {
    id,
    ticket,
    procedure: null,
    applicant: EMPTY_APPLICANT,
    components: [],
    fees: [],
    notes: '',
    delivery: 'desk',
    deliveryAddress: '',
    refusal: '',
    done: null,
  };
}

/** Nothing typed or picked yet: the draft may follow the ticket being served without mixing two citizens. */
export function isPristine(d: ReceptionDraft): boolean {
  const a = d.applicant;
  return d.procedure === null && !a.fullName && !a.idNumber && !a.taxCode && !a.address && !a.phone && !a.email && d.done === null;
}

export type DraftAction =
  | { type: 'pick'; procedure: CatalogEntry }
  | { type: 'clearProcedure' }
  | { type: 'applicant'; patch: Partial<Applicant> }
  | { type: 'component'; index: number; patch: Partial<ComponentDraft> }
  | { type: 'fee'; index: number; amount: number }
  | { type: 'field'; field: 'notes' | 'deliveryAddress' | 'refusal'; value: string }
  | { type: 'delivery'; value: 'desk' | 'post' }
  | { type: 'received'; dossier: Dossier }
  /** The ticket served now: followed only by a pristine draft (a re-link is never silent). */
  | { type: 'serving'; ticket: TicketRef | null }
  /** The officer's explicit choice to link a walk-in draft to the ticket served now. */
  | { type: 'bind'; ticket: TicketRef }
  /** "Công dân mới": an empty draft with a new id, for the ticket served now. */
  | { type: 'new'; id: string; ticket: TicketRef | null };

export function draftReducer(d: ReceptionDraft, action: DraftAction): ReceptionDraft {
  switch (action.type) {
    case 'pick':
      return {
        ...d,
        procedure: action.procedure,
        components: action.procedure.components.map((c) => ({
          code: c.code,
          name: c.name,
          originals: c.originals,
          copies: c.copies,
          required: c.required,
          received: false,
          sha256: null,
          fileName: null,
          reusedFrom: null,
          info: null,
        })),
        fees: action.procedure.fees,
      };
    case 'clearProcedure':
      return { ...d, procedure: null };
    case 'applicant':
      return { ...d, applicant: { ...d.applicant, ...action.patch } };
    case 'component':
      return { ...d, components: d.components.map((c, j) => (j === action.index ? { ...c, ...action.patch } : c)) };
    case 'fee':
      return { ...d, fees: d.fees.map((f, j): Fee => (j === action.index ? { ...f, amount: action.amount } : f)) };
    case 'field':
      return { ...d, [action.field]: action.value };
    case 'delivery':
      return { ...d, delivery: action.value };
    case 'received':
      return { ...d, done: action.dossier };
    case 'serving':
      return isPristine(d) && d.ticket?.id !== action.ticket?.id ? { ...d, ticket: action.ticket } : d;
    case 'bind':
      return d.ticket === null ? { ...d, ticket: action.ticket } : d;
    case 'new':
      return newDraft(action.id, action.ticket);
  }
}

/** The dossier.receive request this draft stands for: only received components, trimmed contacts, its own ticket and id. */
export function toReceiveInput(d: ReceptionDraft, refusalReason?: string): ReceiveInput | null {
  if (!d.procedure) return null;
  const a = d.applicant;
  const address = d.deliveryAddress.trim();
  return {
    procedureCode: d.procedure.code,
    applicant: {
      ...a,
      idNumber: a.kind === 'citizen' ? a.idNumber : null,
      taxCode: a.kind === 'organization' ? a.taxCode : null,
      organizationName: a.kind === 'organization' ? a.organizationName : null,
      fullName: a.fullName.trim(),
      phone: a.phone.trim(),
      email: a.email.trim(),
    },
    components: d.components
      .filter((c) => c.received)
      .map((c) => ({
        code: c.code,
        name: c.name,
        originals: c.originals,
        copies: c.copies,
        sha256: c.sha256,
        fileName: c.fileName,
        reusedFrom: c.reusedFrom,
      })),
    fees: d.fees,
    notes: d.notes,
    delivery: d.delivery,
    ...(d.delivery === 'post' && address ? { deliveryAddress: address } : {}),
    ticketId: d.ticket?.id ?? null,
    ...(refusalReason?.trim() ? { refusalReason: refusalReason.trim() } : {}),
    requestId: d.id,
  };
}

/** Why "Tiếp nhận" cannot be pressed yet, in the order the form is filled; empty when it can. */
export function missingForReceive(d: ReceptionDraft, idProblem: string | null): string[] {
  const out: string[] = [];
  if (!d.procedure) return ['Chưa chọn thủ tục'];
  const a = d.applicant;
  if (!a.fullName.trim()) out.push(a.kind === 'organization' ? 'Chưa có họ tên người đại diện' : 'Chưa có họ tên người nộp');
  if (a.kind === 'citizen' && !a.idNumber) out.push('Chưa có số định danh cá nhân');
  if (a.kind === 'organization' && !a.taxCode) out.push('Chưa có mã số thuế');
  if (idProblem) out.push(idProblem);
  const required = d.components.filter((c) => c.required && !c.received);
  if (required.length > 0) out.push(`Thiếu thành phần bắt buộc: ${required.map((c) => c.name).join('; ')}`);
  return out;
}

const STORAGE_PREFIX = 'motcua.receptionDraft.';

export function draftStorageKey(counterId: string): string {
  return `${STORAGE_PREFIX}${counterId}`;
}

/** A saved draft, if it still reads as one (an older app version's or a damaged entry is dropped). */
export function parseStoredDraft(text: string | null): ReceptionDraft | null {
  if (!text) return null;
  try {
    const parsed = ReceptionDraftSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
