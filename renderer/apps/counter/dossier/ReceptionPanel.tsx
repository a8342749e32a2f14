import { useEffect, useMemo, useState, type KeyboardEvent } from 'react';
import type { Applicant, Reusable } from '../../../../shared/contract';
import { parseCccdQr, validateIdNumber, validateTaxCode } from '../../../../shared/domain/cccd';
import { checkCccdRead } from '../../../../shared/domain/code-read-check';
import { bridge } from '../../../bridge';
import { shownError, type ShownError } from '../../../components/field-errors';
import { useT } from '../../../i18n';
import { ComponentRow, type AttachRequest } from './ComponentRow';
import { ProcedurePicker, processingLabel } from './ProcedurePicker';
import { PdfPreview } from './PdfPreview';
import { formatVnd, storeFile, vnDateTime } from './pdf';
import { missingForReceive, toReceiveInput, type DraftAction, type ReceptionDraft, type TicketRef } from './reception-draft';
import { useReceptionDraft } from './useReceptionDraft';
import { DateInput } from '../../../components/DateTimeInput';
import { FieldError as SharedFieldError } from '../../../components/FieldError';

/** "Tiếp nhận": one draft per counter (kept across tab switches, the idle lock and restarts), bound to its ticket. */
export function ReceptionPanel({ counterId }: { counterId: string }) {
  // Another counter chosen on this PC is another draft.
  return <ReceptionForm key={counterId} counterId={counterId} />;
}

type Dispatch = (action: DraftAction) => void;

function idProblem(a: Applicant): string | null {
  if (a.kind !== 'citizen') {
    const check = a.taxCode ? validateTaxCode(a.taxCode) : null;
    return check && !check.ok ? check.error : null;
  }
  if (!a.idNumber) return null;
  const check = validateIdNumber(a.idNumber, { birthDate: a.birthDate ?? undefined, sex: a.sex ?? undefined });
  return check.ok ? null : check.error;
}

/** Contract paths of the received components ("components.0.name") back to the component's code. */
function componentErrors(draft: ReceptionDraft, error: ShownError | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!error) return out;
  const sent = draft.components.filter((c) => c.received);
  for (const [path, message] of error.fields) {
    const match = /^components\.(\d+)\./.exec(path);
    const c = match ? sent[Number(match[1])] : undefined;
    if (c && !out.has(c.code)) out.set(c.code, message);
  }
  return out;
}

function ReceptionForm({ counterId }: { counterId: string }) {
  const t = useT();
  const { draft, dispatch, serving, startNew } = useReceptionDraft(counterId);
  const [qrMessage, setQrMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [attachErrors, setAttachErrors] = useState<Record<string, string>>({});
  const [checking, setChecking] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const reusable = useReusable(draft.applicant.idNumber, dispatch, draft.applicant);
  const due = useDuePreview(draft);

  function fill(result: ReturnType<typeof parseCccdQr>) {
    if (!result.ok) {
      setQrMessage({ ok: false, text: result.error });
      return;
    }
    const a = result.applicant;
    dispatch({
      type: 'applicant',
      patch: {
        kind: 'citizen',
        fullName: a.fullName,
        idNumber: a.idNumber,
        oldIdNumber: a.oldIdNumber,
        birthDate: a.birthDate,
        sex: a.sex,
        address: a.address,
      },
    });
    setQrMessage({ ok: true, text: `${t('dossier.qrRead')}: ${a.fullName} — ${a.idNumber}` });
  }

  // A serial QR scanner on this PC publishes its reads; a keyboard wedge types into the QR field instead.
  useEffect(() => bridge.on('dossier.qrScanned', (e) => fill(e.result)), []);

  async function attach(index: number, request: AttachRequest) {
    const c = draft.components[index];
    if (!c) return;
    setChecking(c.code);
    try {
      // The back end parses the file (the same check dossier.receive makes) and counts its pages.
      const info = await bridge.call('files.inspect', { sha256: request.sha256, name: c.name });
      dispatch({ type: 'component', index, patch: { ...request, received: true, info } });
      setAttachErrors(({ [c.code]: _dropped, ...rest }) => rest);
    } catch (e) {
      setAttachErrors((all) => ({ ...all, [c.code]: shownError(e).message }));
    } finally {
      setChecking(null);
    }
  }

  async function upload(index: number, file: File) {
    const c = draft.components[index];
    try {
      await attach(index, { sha256: await storeFile(file), fileName: file.name, reusedFrom: null });
    } catch (e) {
      if (c) setAttachErrors((all) => ({ ...all, [c.code]: shownError(e).message }));
    }
  }

  async function receive(refusalReason?: string) {
    const input = toReceiveInput(draft, refusalReason);
    if (!input || busy) return;
    setBusy(true);
    setError(null);
    try {
      dispatch({ type: 'received', dossier: await bridge.call('dossier.receive', input) });
    } catch (e) {
      setError(shownError(e));
    } finally {
      setBusy(false);
    }
  }

  function newCitizen() {
    startNew();
    setQrMessage(null);
    setError(null);
    setAttachErrors({});
  }

  if (draft.done) return <Receipt draft={draft} onNew={newCitizen} />;

  const problem = idProblem(draft.applicant);
  const missing = missingForReceive(draft, problem);
  const fieldError = (path: string) => error?.fields.get(path);
  const rowErrors = componentErrors(draft, error);
  const canRefuse = !busy && !!draft.refusal.trim() && !problem && !!draft.applicant.fullName.trim();

  return (
    <div
      className="reception"
      onKeyDown={(e: KeyboardEvent) => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
          e.preventDefault();
          if (missing.length === 0) void receive();
        }
      }}
    >
      <section className="panel">
        <TicketLine draft={draft} serving={serving} dispatch={dispatch} onNew={newCitizen} />
        <h2>1. {t('dossier.procedure')}</h2>
        {draft.procedure ? (
          <p data-testid="procedure-chosen">
            <b>{draft.procedure.code}</b> {draft.procedure.name} <span className="muted">· {processingLabel(draft.procedure)}</span>{' '}
            <button type="button" className="link" onClick={() => dispatch({ type: 'clearProcedure' })}>
              {t('dossier.change')}
            </button>
          </p>
        ) : (
          <ProcedurePicker onPick={(procedure) => dispatch({ type: 'pick', procedure })} />
        )}
      </section>

      {draft.procedure && (
        <>
          <ApplicantSection
            draft={draft}
            dispatch={dispatch}
            onScan={fill}
            qrMessage={qrMessage}
            idProblem={problem}
            fieldError={fieldError}
          />

          <section className="panel">
            <h2>3. {t('dossier.components')}</h2>
            <table data-testid="components" className="components-table">
              <thead>
                <tr>
                  <th>{t('dossier.receivedCol')}</th>
                  <th>{t('dossier.componentName')}</th>
                  <th>{t('dossier.copies')}</th>
                  <th>{t('dossier.digitized')}</th>
                </tr>
              </thead>
              <tbody>
                {draft.components.map((c, i) => (
                  <ComponentRow
                    key={c.code}
                    component={c}
                    reusable={reusable}
                    error={attachErrors[c.code] ?? rowErrors.get(c.code)}
                    checking={checking === c.code}
                    onReceived={(received) => dispatch({ type: 'component', index: i, patch: { received } })}
                    onUpload={(file) => void upload(i, file)}
                    onAttach={(request) => void attach(i, request)}
                  />
                ))}
              </tbody>
            </table>
          </section>

          <FeesSection draft={draft} dispatch={dispatch} fieldError={fieldError} />

          <section className="panel receive-bar" aria-label={t('dossier.receive')}>
            {due && (
              <span>
                {t('dossier.duePreview')}: <b data-testid="due-preview">{vnDateTime(due)}</b>
              </span>
            )}
            {missing.length > 0 && (
              <span className="err" id="receive-missing" data-testid="receive-missing">
                {t('dossier.cannotReceive')}: {missing.join('; ')}
              </span>
            )}
            {error && (
              <span className="err" role="alert" data-testid="receive-error">
                {error.message}
              </span>
            )}
            <button
              type="button"
              className="primary"
              disabled={busy || missing.length > 0}
              aria-describedby={missing.length > 0 ? 'receive-missing' : undefined}
              onClick={() => void receive()}
              data-testid="receive"
            >
              {t('dossier.receive')} (Ctrl+Enter)
            </button>
            <input
              placeholder={t('dossier.refusalReason')}
              aria-label={t('dossier.refusalReason')}
              value={draft.refusal}
              onChange={(e) => dispatch({ type: 'field', field: 'refusal', value: e.target.value })}
              data-testid="refusal-reason"
            />
            <button type="button" disabled={!canRefuse} onClick={() => void receive(draft.refusal)} data-testid="refuse">
              {t('dossier.refuse')}
            </button>
          </section>
        </>
      )}
    </div>
  );
}

/** The draft's own ticket, and a notice when the counter now serves another: the officer decides, never the screen. */
function TicketLine({
  draft,
  serving,
  dispatch,
  onNew,
}: {
  draft: ReceptionDraft;
  serving: TicketRef | null;
  dispatch: Dispatch;
  onNew: () => void;
}) {
  const t = useT();
  const other = serving && serving.id !== draft.ticket?.id ? serving : null;
  return (
    <div className="inline-form">
      {draft.ticket && (
        <span className="chip" data-testid="linked-ticket">
          {t('dossier.ticket')}: {draft.ticket.number}
        </span>
      )}
      {other && (
        <span className="warn" role="status" data-testid="ticket-mismatch">
          {draft.ticket ? `${t('dossier.draftTicket')} ${draft.ticket.number}` : t('dossier.walkIn')}; {t('dossier.nowServing')}{' '}
          {other.number}.
        </span>
      )}
      {other && !draft.ticket && (
        <button type="button" onClick={() => dispatch({ type: 'bind', ticket: other })} data-testid="bind-ticket">
          {t('dossier.bindTicket')} {other.number}
        </button>
      )}
      <button type="button" onClick={onNew} data-testid="new-citizen">
        {t('dossier.newCitizen')}
      </button>
    </div>
  );
}

function Receipt({ draft, onNew }: { draft: ReceptionDraft; onNew: () => void }) {
  const t = useT();
  const done = draft.done;
  if (!done) return null;
  const receipt = done.forms.find((f) => f.form === '01' || f.form === '03');
  return (
    <section className="panel" data-testid="receipt">
      <h2>{done.status === 3 ? t('dossier.refused') : t('dossier.received')}</h2>
      <p className="big">
        {t('dossier.code')}: <b data-testid="dossier-code">{done.code}</b>
      </p>
      <p>
        {t('dossier.due')}: <b data-testid="dossier-due">{vnDateTime(done.dueAt)}</b> · {done.applicant.fullName} · {done.procedureName}
      </p>
      {receipt ? (
        <PdfPreview sha256={receipt.sha256} title={`Giay-tiep-nhan-${done.code}`} />
      ) : (
        <p className="err">{t('dossier.noReceipt')}</p>
      )}
      <button type="button" autoFocus onClick={onNew} data-testid="new-dossier">
        {t('dossier.new')}
      </button>
    </section>
  );
}

interface ApplicantProps {
  draft: ReceptionDraft;
  dispatch: Dispatch;
  onScan: (result: ReturnType<typeof parseCccdQr>) => void;
  qrMessage: { ok: boolean; text: string } | null;
  idProblem: string | null;
  fieldError: (path: string) => string | undefined;
}

function FieldError({ path, fieldError }: { path: string; fieldError: (path: string) => string | undefined }) {
  return <SharedFieldError message={fieldError(path)} testId={`field-error-${path}`} />;
}

function ApplicantSection({ draft, dispatch, onScan, qrMessage, idProblem: problem, fieldError }: ApplicantProps) {
  const t = useT();
  const a = draft.applicant;
  const [qr, setQr] = useState('');
  const set = (patch: Partial<Applicant>) => dispatch({ type: 'applicant', patch });
  const info = useMemo(
    () =>
      a.kind === 'citizen' && a.idNumber
        ? validateIdNumber(a.idNumber, { birthDate: a.birthDate ?? undefined, sex: a.sex ?? undefined })
        : null,
    [a],
  );
  const invalid = (path: string) => (fieldError(path) ? { 'aria-invalid': true as const } : {});
  function scan() {
    // Typed by a keyboard-wedge reader: refused with how to set the reader when letters came through broken.
    const check = checkCccdRead(qr, 'wedge');
    const result = check.ok ? parseCccdQr(check.text) : { ok: false as const, error: check.error };
    onScan(result);
    if (result.ok) setQr('');
  }
  return (
    <section className="panel">
      <h2>2. {t('dossier.applicant')}</h2>
      <div className="inline-form">
        <input
          autoFocus
          className="wide"
          placeholder={t('dossier.qrPlaceholder')}
          aria-label={t('dossier.qrPlaceholder')}
          value={qr}
          onChange={(e) => setQr(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.ctrlKey) {
              e.preventDefault();
              scan();
            }
          }}
          data-testid="qr-input"
        />
        <select
          value={a.kind}
          aria-label={t('a11y.applicantKind')}
          onChange={(e) => set({ kind: e.target.value === 'organization' ? 'organization' : 'citizen' })}
          data-testid="applicant-kind"
        >
          <option value="citizen">{t('dossier.citizen')}</option>
          <option value="organization">{t('dossier.organization')}</option>
        </select>
      </div>
      {qrMessage && (
        <p className={qrMessage.ok ? 'ok' : 'err'} data-testid="qr-message">
          {qrMessage.text}
        </p>
      )}
      <div className="form-grid">
        {a.kind === 'organization' && (
          <>
            <label>
              {t('dossier.orgName')}
              <input
                value={a.organizationName ?? ''}
                {...invalid('applicant.organizationName')}
                onChange={(e) => set({ organizationName: e.target.value || null })}
              />
              <FieldError path="applicant.organizationName" fieldError={fieldError} />
            </label>
            <label>
              {t('dossier.taxCode')}
              <input
                value={a.taxCode ?? ''}
                {...invalid('applicant.taxCode')}
                onChange={(e) => set({ taxCode: e.target.value.trim() || null })}
              />
              <FieldError path="applicant.taxCode" fieldError={fieldError} />
            </label>
          </>
        )}
        <label>
          {a.kind === 'organization' ? t('dossier.representative') : t('dossier.fullName')}
          <input
            value={a.fullName}
            {...invalid('applicant.fullName')}
            onChange={(e) => set({ fullName: e.target.value })}
            data-testid="applicant-name"
          />
          <FieldError path="applicant.fullName" fieldError={fieldError} />
        </label>
        {a.kind === 'citizen' && (
          <>
            <label>
              {t('dossier.idNumber')}
              <input
                value={a.idNumber ?? ''}
                maxLength={12}
                inputMode="numeric"
                {...invalid('applicant.idNumber')}
                onChange={(e) => set({ idNumber: e.target.value.replace(/\D/g, '') || null })}
                data-testid="applicant-id"
              />
              <FieldError path="applicant.idNumber" fieldError={fieldError} />
            </label>
            <label>
              {t('dossier.birthDate')}
              <DateInput
                value={a.birthDate ?? ''}
                onChange={(v) => set({ birthDate: v || null })}
                testId="applicant-birth"
                error={fieldError('applicant.birthDate')}
              />
            </label>
            <label>
              {t('dossier.sex')}
              <select
                value={a.sex ?? ''}
                onChange={(e) => set({ sex: e.target.value === 'Nam' || e.target.value === 'Nữ' ? e.target.value : null })}
                data-testid="applicant-sex"
              >
                <option value="">—</option>
                <option value="Nam">Nam</option>
                <option value="Nữ">Nữ</option>
              </select>
            </label>
          </>
        )}
        <label className="span2">
          {t('dossier.address')}
          <input
            value={a.address}
            {...invalid('applicant.address')}
            onChange={(e) => set({ address: e.target.value })}
            data-testid="applicant-address"
          />
          <FieldError path="applicant.address" fieldError={fieldError} />
        </label>
        <label>
          {t('dossier.phone')}
          <input
            value={a.phone}
            {...invalid('applicant.phone')}
            onChange={(e) => set({ phone: e.target.value })}
            data-testid="applicant-phone"
          />
          <FieldError path="applicant.phone" fieldError={fieldError} />
        </label>
        <label>
          {t('dossier.email')}
          <input value={a.email} {...invalid('applicant.email')} onChange={(e) => set({ email: e.target.value })} />
          <FieldError path="applicant.email" fieldError={fieldError} />
        </label>
      </div>
      {problem && (
        <p className="err" data-testid="id-error">
          {problem}
        </p>
      )}
      {info && info.ok && 'info' in info && (
        <p className="ok" data-testid="id-ok">
          {t('dossier.idValid')}: {info.info.provinceName}, {info.info.sex}, {info.info.birthYear}
        </p>
      )}
    </section>
  );
}

function FeesSection({
  draft,
  dispatch,
  fieldError,
}: {
  draft: ReceptionDraft;
  dispatch: Dispatch;
  fieldError: (path: string) => string | undefined;
}) {
  const t = useT();
  return (
    <section className="panel">
      <h2>4. {t('dossier.feesNotes')}</h2>
      {draft.fees.map((f, i) => (
        <div key={f.name} className="inline-form">
          <span>{f.name}</span>
          <input
            type="number"
            min={0}
            step={1000}
            aria-label={f.name}
            value={f.amount}
            onChange={(e) => dispatch({ type: 'fee', index: i, amount: Number(e.target.value) || 0 })}
          />
          <span className="muted">{formatVnd(f.amount)}</span>
        </div>
      ))}
      <div className="inline-form">
        <label>
          {t('dossier.delivery')}{' '}
          <select
            value={draft.delivery}
            onChange={(e) => dispatch({ type: 'delivery', value: e.target.value === 'post' ? 'post' : 'desk' })}
          >
            <option value="desk">{t('dossier.atDesk')}</option>
            <option value="post">{t('dossier.byPost')}</option>
          </select>
        </label>
        {draft.delivery === 'post' && (
          <input
            className="wide"
            aria-label={t('dossier.deliveryAddress')}
            placeholder={`${t('dossier.deliveryAddress')}: ${draft.applicant.address}`}
            value={draft.deliveryAddress}
            onChange={(e) => dispatch({ type: 'field', field: 'deliveryAddress', value: e.target.value })}
            data-testid="delivery-address"
          />
        )}
        <FieldError path="deliveryAddress" fieldError={fieldError} />
        <input
          className="wide"
          aria-label={t('dossier.notes')}
          placeholder={t('dossier.notes')}
          value={draft.notes}
          onChange={(e) => dispatch({ type: 'field', field: 'notes', value: e.target.value })}
        />
        <FieldError path="notes" fieldError={fieldError} />
      </div>
    </section>
  );
}

/** The earlier components and results of a returning applicant; contacts filled where still empty. */
function useReusable(idNumber: string | null, dispatch: Dispatch, applicant: Applicant): Reusable[] {
  const [reusable, setReusable] = useState<Reusable[]>([]);
  const { phone, email } = applicant;
  useEffect(() => {
    if (!idNumber || idNumber.length !== 12) {
      setReusable([]);
      return;
    }
    let live = true;
    void bridge.call('dossier.findApplicant', { idNumber }).then((found) => {
      if (!live) return;
      setReusable(found.reusable);
      if (found.applicant)
        dispatch({ type: 'applicant', patch: { phone: phone || found.applicant.phone, email: email || found.applicant.email } });
    });
    return () => {
      live = false;
    };
    // Contacts are read once per id number: a later edit by the officer is theirs to keep.
  }, [idNumber, dispatch]);
  return reusable;
}

function useDuePreview(draft: ReceptionDraft): string | null {
  const [due, setDue] = useState<string | null>(null);
  const procedure = draft.procedure;
  useEffect(() => {
    if (!procedure) return;
    void bridge
      .call('calendar.due', { processing: procedure.processing, sameDayCutoff: procedure.sameDayCutoff })
      .then((r) => setDue(r.dueAt))
      .catch(() => setDue(null));
  }, [procedure]);
  return due;
}
