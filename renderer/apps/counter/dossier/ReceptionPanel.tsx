import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { FileButton } from '../../../components/FileButton';
import type { Applicant, CatalogEntry, Dossier, Fee, Reusable } from '../../../../shared/contract';
import { parseCccdQr, validateIdNumber, validateTaxCode, type IdCheckResult } from '../../../../shared/domain/cccd';
import { checkCccdRead } from '../../../../shared/domain/code-read-check';
import { bridge } from '../../../bridge';
import { useT } from '../../../i18n';
import { ProcedurePicker, processingLabel } from './ProcedurePicker';
import { ScannedPicker } from './ScannedPicker';
import { PdfPreview } from './PdfPreview';
import { formatVnd, storeFile, vnDateTime } from './pdf';
import { useLinkedTicket } from './ticket-link';

const EMPTY_APPLICANT: Applicant = {
  kind: 'citizen', fullName: '', idNumber: null, oldIdNumber: null, birthDate: null, sex: null, address: '', phone: '', email: '',
  taxCode: null, organizationName: null,
};

interface ComponentDraft {
  code: string;
  name: string;
  originals: number;
  copies: number;
  required: boolean;
  received: boolean;
  sha256: string | null;
  fileName: string | null;
  reusedFrom: { kind: 'component' | 'result'; dossierCode: string } | null;
}

function drafts(p: CatalogEntry): ComponentDraft[] {
  return p.components.map((c) => ({ ...c, received: false, sha256: null, fileName: null, reusedFrom: null }));
}

/** "Tiếp nhận": procedure, applicant from the CCCD QR, components, fees, receive → receipt. */
export function ReceptionPanel() {
  const t = useT();
  const ticket = useLinkedTicket();
  const [procedure, setProcedure] = useState<CatalogEntry | null>(null);
  const [applicant, setApplicant] = useState<Applicant>(EMPTY_APPLICANT);
  const [qr, setQr] = useState('');
  const [qrMessage, setQrMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [components, setComponents] = useState<ComponentDraft[]>([]);
  const [fees, setFees] = useState<Fee[]>([]);
  const [notes, setNotes] = useState('');
  const [delivery, setDelivery] = useState<'desk' | 'post'>('desk');
  const [deliveryAddress, setDeliveryAddress] = useState('');
  const [reusable, setReusable] = useState<Reusable[]>([]);
  const [due, setDue] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<Dossier | null>(null);
  const [refusal, setRefusal] = useState('');
  const qrRef = useRef<HTMLInputElement>(null);

  function pick(p: CatalogEntry) {
    setProcedure(p);
    setComponents(drafts(p));
    setFees(p.fees);
  }

  useEffect(() => {
    if (!procedure) return;
    void bridge
      .call('calendar.due', { processing: procedure.processing, sameDayCutoff: procedure.sameDayCutoff })
      .then((r) => setDue(r.dueAt))
      .catch(() => setDue(null));
  }, [procedure]);

  // A returning applicant: earlier components and results can be reused.
  useEffect(() => {
    const id = applicant.idNumber;
    if (!id || id.length !== 12) {
      setReusable([]);
      return;
    }
    void bridge.call('dossier.findApplicant', { idNumber: id }).then((found) => {
      setReusable(found.reusable);
      if (found.applicant) {
        setApplicant((a) => ({ ...a, phone: a.phone || found.applicant!.phone, email: a.email || found.applicant!.email }));
      }
    });
  }, [applicant.idNumber]);

  const idCheck = useMemo((): IdCheckResult | { ok: true } | { ok: false; error: string } | null => {
    if (applicant.kind !== 'citizen') {
      return applicant.taxCode ? validateTaxCode(applicant.taxCode) : null;
    }
    if (!applicant.idNumber) return null;
    return validateIdNumber(applicant.idNumber, { birthDate: applicant.birthDate ?? undefined, sex: applicant.sex ?? undefined });
  }, [applicant]);

  function fill(result: ReturnType<typeof parseCccdQr>) {
    if (!result.ok) {
      setQrMessage({ ok: false, text: result.error });
      return;
    }
    const a = result.applicant;
    setApplicant((prev) => ({
      ...prev, kind: 'citizen', fullName: a.fullName, idNumber: a.idNumber, oldIdNumber: a.oldIdNumber, birthDate: a.birthDate, sex: a.sex,
      address: a.address,
    }));
    setQrMessage({ ok: true, text: `${t('dossier.qrRead')}: ${a.fullName} — ${a.idNumber}` });
    setQr('');
  }

  function scan() {
    // Typed by a keyboard-wedge reader: refused with how to set the reader when letters came through broken.
    const check = checkCccdRead(qr, 'wedge');
    fill(check.ok ? parseCccdQr(check.text) : { ok: false, error: check.error });
  }

  // A serial QR scanner on this PC publishes its reads; a keyboard wedge types into the QR field instead.
  useEffect(() => bridge.on('dossier.qrScanned', (e) => fill(e.result)), []);

  function update(i: number, patch: Partial<ComponentDraft>) {
    setComponents((list) => list.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  }

  async function attach(i: number, file: File | undefined) {
    if (!file) return;
    try {
      const sha256 = await storeFile(file);
      update(i, { sha256, fileName: file.name, received: true, reusedFrom: null });
    } catch (e) {
      setError((e as Error).message);
    }
  }

  const [draftId, setDraftId] = useState(() => crypto.randomUUID());
  function reset() {
    setDraftId(crypto.randomUUID());
    setProcedure(null);
    setApplicant(EMPTY_APPLICANT);
    setComponents([]);
    setFees([]);
    setNotes('');
    setDeliveryAddress('');
    setDone(null);
    setQrMessage(null);
    setError(null);
    setReusable([]);
    setRefusal('');
  }

  async function receive(refusalReason?: string) {
    if (!procedure || busy) return;
    setBusy(true);
    setError(null);
    try {
      const dossier = await bridge.call('dossier.receive', {
        procedureCode: procedure.code,
        applicant: {
          ...applicant,
          idNumber: applicant.kind === 'citizen' ? applicant.idNumber : null,
          phone: applicant.phone.trim(),
        },
        components: components
          .filter((c) => c.received)
          .map((c) => ({ code: c.code, name: c.name, originals: c.originals, copies: c.copies, sha256: c.sha256, fileName: c.fileName, reusedFrom: c.reusedFrom })),
        fees,
        notes,
        delivery,
        ...(delivery === 'post' && deliveryAddress.trim() ? { deliveryAddress: deliveryAddress.trim() } : {}),
        ticketId: ticket?.id ?? null,
        ...(refusalReason ? { refusalReason } : {}),
        // A resend of this draft (a timeout, a hub restart) answers the same dossier, never a second one.
        requestId: draftId,
      });
      setDone(dossier);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  function onKey(e: KeyboardEvent) {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void receive();
    }
  }

  if (done) {
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
        {receipt ? <PdfPreview sha256={receipt.sha256} title={`Giay-tiep-nhan-${done.code}`} /> : <p className="err">{t('dossier.noReceipt')}</p>}
        <button type="button" autoFocus onClick={reset} data-testid="new-dossier">
          {t('dossier.new')}
        </button>
      </section>
    );
  }

  const missing = components.filter((c) => c.required && !c.received);
  const idOk = idCheck?.ok !== false && (applicant.kind === 'citizen' ? !!applicant.idNumber : !!applicant.taxCode);

  return (
    <div className="reception" onKeyDown={onKey}>
      <section className="panel">
        <div className="inline-form">
          {ticket && <span className="chip" data-testid="linked-ticket">{t('dossier.ticket')}: {ticket.number}</span>}
        </div>
        <h2>1. {t('dossier.procedure')}</h2>
        {procedure ? (
          <p data-testid="procedure-chosen">
            <b>{procedure.code}</b> {procedure.name} <span className="muted">· {processingLabel(procedure)}</span>{' '}
            <button type="button" className="link" onClick={() => setProcedure(null)}>
              {t('dossier.change')}
            </button>
          </p>
        ) : (
          <ProcedurePicker onPick={pick} />
        )}
      </section>

      {procedure && (
        <>
          <section className="panel">
            <h2>2. {t('dossier.applicant')}</h2>
            <div className="inline-form">
              <input
                ref={qrRef}
                autoFocus
                className="wide"
                placeholder={t('dossier.qrPlaceholder')}
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
              <select value={applicant.kind} aria-label={t('a11y.applicantKind')} onChange={(e) => setApplicant({ ...applicant, kind: e.target.value as Applicant['kind'] })} data-testid="applicant-kind">
                <option value="citizen">{t('dossier.citizen')}</option>
                <option value="organization">{t('dossier.organization')}</option>
              </select>
            </div>
            {qrMessage && <p className={qrMessage.ok ? 'ok' : 'err'} data-testid="qr-message">{qrMessage.text}</p>}
            <div className="form-grid">
              {applicant.kind === 'organization' && (
                <>
                  <label>{t('dossier.orgName')}<input value={applicant.organizationName ?? ''} onChange={(e) => setApplicant({ ...applicant, organizationName: e.target.value || null })} /></label>
                  <label>{t('dossier.taxCode')}<input value={applicant.taxCode ?? ''} onChange={(e) => setApplicant({ ...applicant, taxCode: e.target.value.trim() || null })} /></label>
                </>
              )}
              <label>{applicant.kind === 'organization' ? t('dossier.representative') : t('dossier.fullName')}
                <input value={applicant.fullName} onChange={(e) => setApplicant({ ...applicant, fullName: e.target.value })} data-testid="applicant-name" />
              </label>
              {applicant.kind === 'citizen' && (
                <>
                  <label>{t('dossier.idNumber')}
                    <input value={applicant.idNumber ?? ''} maxLength={12} inputMode="numeric"
                      onChange={(e) => setApplicant({ ...applicant, idNumber: e.target.value.replace(/\D/g, '') || null })} data-testid="applicant-id" />
                  </label>
                  <label>{t('dossier.birthDate')}<input type="date" value={applicant.birthDate ?? ''} onChange={(e) => setApplicant({ ...applicant, birthDate: e.target.value || null })} data-testid="applicant-birth" /></label>
                  <label>{t('dossier.sex')}
                    <select value={applicant.sex ?? ''} onChange={(e) => setApplicant({ ...applicant, sex: (e.target.value || null) as Applicant['sex'] })} data-testid="applicant-sex">
                      <option value="">—</option>
                      <option value="Nam">Nam</option>
                      <option value="Nữ">Nữ</option>
                    </select>
                  </label>
                </>
              )}
              <label className="span2">{t('dossier.address')}<input value={applicant.address} onChange={(e) => setApplicant({ ...applicant, address: e.target.value })} data-testid="applicant-address" /></label>
              <label>{t('dossier.phone')}<input value={applicant.phone} onChange={(e) => setApplicant({ ...applicant, phone: e.target.value })} data-testid="applicant-phone" /></label>
              <label>{t('dossier.email')}<input value={applicant.email} onChange={(e) => setApplicant({ ...applicant, email: e.target.value })} /></label>
            </div>
            {idCheck && !idCheck.ok && <p className="err" data-testid="id-error">{idCheck.error}</p>}
            {idCheck && 'info' in idCheck && (
              <p className="ok" data-testid="id-ok">
                {t('dossier.idValid')}: {idCheck.info.provinceName}, {idCheck.info.sex}, {idCheck.info.birthYear}
              </p>
            )}
          </section>

          <section className="panel">
            <h2>3. {t('dossier.components')}</h2>
            <table data-testid="components">
              <thead>
                <tr>
                  <th>{t('dossier.receivedCol')}</th>
                  <th>{t('dossier.componentName')}</th>
                  <th>{t('dossier.copies')}</th>
                  <th>{t('dossier.digitized')}</th>
                </tr>
              </thead>
              <tbody>
                {components.map((c, i) => (
                  <tr key={c.code} className={c.required && !c.received ? 'missing' : undefined}>
                    <td>
                      <input type="checkbox" checked={c.received} onChange={(e) => update(i, { received: e.target.checked })} aria-label={c.name} data-testid={`component-${c.code}`} />
                    </td>
                    <td>
                      {c.name} {c.required ? <b className="err">*</b> : <span className="muted">({t('dossier.optional')})</span>}
                    </td>
                    <td>
                      {c.originals > 0 && `${t('dossier.originals')}: ${c.originals}`} {c.copies > 0 && `${t('dossier.copiesLabel')}: ${c.copies}`}
                    </td>
                    <td>
                      {c.sha256 ? (
                        <span className="ok" data-testid={`component-file-${c.code}`}>
                          {c.reusedFrom ? `${t('dossier.reused')} (${c.reusedFrom.dossierCode})` : c.fileName ?? t('dossier.attached')}
                        </span>
                      ) : (
                        <span className="muted">{t('dossier.paperOnly')}</span>
                      )}{' '}
                      <FileButton label={t('dossier.attach')} accept="application/pdf,image/jpeg,image/png" testId={`component-upload-${c.code}`} onFiles={(files) => void attach(i, files[0])} />
                      <ScannedPicker
                        testId={`component-scan-${c.code}`}
                        onPick={(doc) => update(i, { sha256: doc.sha256, fileName: doc.fileName, received: true, reusedFrom: null })}
                      />
                      {reusable.length > 0 && (
                        <select
                          value=""
                          onChange={(e) => {
                            const r = reusable.find((x) => x.sha256 === e.target.value);
                            if (r) update(i, { sha256: r.sha256, fileName: r.name, received: true, reusedFrom: { kind: r.kind, dossierCode: r.dossierCode } });
                          }}
                          aria-label={t('dossier.reuse')}
                        >
                          <option value="">{t('dossier.reuse')}…</option>
                          {reusable.map((r) => (
                            <option key={`${r.kind}-${r.sha256}`} value={r.sha256}>
                              {r.kind === 'result' ? t('dossier.reuseResult') : t('dossier.reuseComponent')}: {r.name} ({r.dossierCode})
                            </option>
                          ))}
                        </select>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>

          <section className="panel">
            <h2>4. {t('dossier.feesNotes')}</h2>
            {fees.map((f, i) => (
              <div key={f.name} className="inline-form">
                <span>{f.name}</span>
                <input type="number" min={0} step={1000} aria-label={f.name} value={f.amount} onChange={(e) => setFees(fees.map((x, j) => (j === i ? { ...x, amount: Number(e.target.value) || 0 } : x)))} />
                <span className="muted">{formatVnd(f.amount)}</span>
              </div>
            ))}
            <div className="inline-form">
              <label>
                {t('dossier.delivery')}{' '}
                <select value={delivery} onChange={(e) => setDelivery(e.target.value as 'desk' | 'post')}>
                  <option value="desk">{t('dossier.atDesk')}</option>
                  <option value="post">{t('dossier.byPost')}</option>
                </select>
              </label>
              {delivery === 'post' && (
                <input
                  className="wide"
                  aria-label={t('dossier.deliveryAddress')}
                  placeholder={`${t('dossier.deliveryAddress')}: ${applicant.address}`}
                  value={deliveryAddress}
                  onChange={(e) => setDeliveryAddress(e.target.value)}
                  data-testid="delivery-address"
                />
              )}
              <input className="wide" placeholder={t('dossier.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} />
            </div>
          </section>

          <section className="panel receive-bar">
            {due && (
              <span>
                {t('dossier.duePreview')}: <b data-testid="due-preview">{vnDateTime(due)}</b>
              </span>
            )}
            {missing.length > 0 && <span className="err">{t('dossier.missing')}: {missing.map((m) => m.name).join('; ')}</span>}
            {error && <span className="err" role="alert" data-testid="receive-error">{error}</span>}
            <button type="button" className="primary" disabled={busy || missing.length > 0 || !idOk || !applicant.fullName.trim()} onClick={() => void receive()} data-testid="receive">
              {t('dossier.receive')} (Ctrl+Enter)
            </button>
            <input placeholder={t('dossier.refusalReason')} value={refusal} onChange={(e) => setRefusal(e.target.value)} data-testid="refusal-reason" />
            <button type="button" disabled={busy || !refusal.trim() || !idOk || !applicant.fullName.trim()} onClick={() => void receive(refusal.trim())} data-testid="refuse">
              {t('dossier.refuse')}
            </button>
          </section>
        </>
      )}
    </div>
  );
}
