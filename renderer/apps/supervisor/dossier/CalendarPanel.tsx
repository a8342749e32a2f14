import { useEffect, useState } from 'react';
import type { MethodOutput } from '../../../../shared/contract';
import { documentLabel } from '../../../../shared/domain/calendar/holidays';
import { bridge } from '../../../bridge';
import { FileButton } from '../../../components/FileButton';
import { useT } from '../../../i18n';
import { DateInput } from '../../../components/DateTimeInput';

type CalendarData = MethodOutput<'calendar.get'>;

/** Working calendar: the year's days off with reasons, the announced overrides, the working hours. */
export function CalendarPanel() {
  const t = useT();
  const [year, setYear] = useState(new Date().getFullYear());
  const [data, setData] = useState<CalendarData | null>(null);
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'work'>('off');
  const [reason, setReason] = useState('');
  const [hours, setHours] = useState('07:00-11:30, 13:30-17:00');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [importMessage, setImportMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const load = () =>
    void bridge.call('calendar.get', { year }).then((d) => {
      setData(d);
      setHours(d.hours.periods.map((p) => `${p.start}-${p.end}`).join(', '));
    });
  useEffect(load, [year]);

  async function run(action: () => Promise<unknown>) {
    try {
      await action();
      setMessage({ ok: true, text: t('supervisor.saved') });
      load();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    }
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    try {
      const result = await bridge.call('calendar.importAnnouncements', { text: await file.text() });
      setImportMessage({ ok: true, text: `${t('calendar.imported')} ${result.years.join(', ')} (${result.imported})` });
      load();
    } catch (e) {
      setImportMessage({ ok: false, text: (e as Error).message });
    }
  }

  return (
    <>
      <section className="panel">
        <div className="inline-form">
          <h2>{t('calendar.days')}</h2>
          <label>
            {t('calendar.year')}{' '}
            <input
              type="number"
              value={year}
              min={1900}
              max={2199}
              onChange={(e) => setYear(Number(e.target.value))}
              data-testid="calendar-year"
            />
          </label>
        </div>
        <table data-testid="calendar-days">
          <tbody>
            {data?.days.map((d) => (
              <tr key={d.date}>
                <td>{d.date.split('-').reverse().join('/')}</td>
                <td>{d.kind === 'override-work' ? t('calendar.work') : t('calendar.off')}</td>
                <td>{d.reason}</td>
                <td>{d.document ? documentLabel(d.document) : d.kind.startsWith('override') ? t('calendar.own') : t('calendar.rule')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>{t('calendar.overrides')}</h2>
        <table>
          <tbody>
            {/* Only the chosen year's: the shipped announcements alone span several years. */}
            {data?.overrides
              .filter((o) => o.date.startsWith(`${year}-`))
              .map((o) => (
                <tr key={o.date}>
                  <td>{o.date.split('-').reverse().join('/')}</td>
                  <td>{o.kind === 'off' ? t('calendar.off') : t('calendar.work')}</td>
                  <td>{o.reason}</td>
                  <td>
                    <button type="button" onClick={() => void run(() => bridge.call('calendar.deleteOverride', { date: o.date }))}>
                      {t('calendar.delete')}
                    </button>
                  </td>
                </tr>
              ))}
          </tbody>
        </table>
        <div className="inline-form">
          <DateInput value={date} onChange={setDate} label={t('calendar.date')} testId="override-date" />
          <select value={kind} onChange={(e) => setKind(e.target.value as 'off' | 'work')} aria-label={t('a11y.dayKind')}>
            <option value="off">{t('calendar.off')}</option>
            <option value="work">{t('calendar.work')}</option>
          </select>
          <input className="wide" value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('dossier.reason')} />
          <button
            type="button"
            disabled={!date || !reason.trim()}
            onClick={() => void run(() => bridge.call('calendar.saveOverride', { date, kind, reason: reason.trim() }))}
          >
            {t('calendar.add')}
          </button>
        </div>
        <h2>{t('calendar.import')}</h2>
        <FileButton
          label={t('calendar.importFile')}
          accept=".json,application/json"
          testId="calendar-import"
          onFiles={(f) => void importFile(f[0])}
        />
        {importMessage && (
          <p className={importMessage.ok ? 'ok' : 'err'} role="status">
            {importMessage.text}
          </p>
        )}
        <h2>{t('calendar.hours')}</h2>
        <div className="inline-form">
          <input
            className="wide"
            value={hours}
            onChange={(e) => setHours(e.target.value)}
            aria-label={t('calendar.hours')}
            data-testid="calendar-hours"
          />
          <button
            type="button"
            onClick={() =>
              void run(() =>
                bridge.call('calendar.saveHours', {
                  periods: hours.split(',').map((p) => {
                    const [start = '', end = ''] = p.trim().split('-');
                    return { start: start.trim(), end: end.trim() };
                  }),
                }),
              )
            }
          >
            {t('supervisor.save')}
          </button>
        </div>
        {message && <p className={message.ok ? 'ok' : 'err'}>{message.text}</p>}
      </section>
    </>
  );
}
