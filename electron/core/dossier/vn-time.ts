/** The dossier module's clock: the shared one (shared/vn-time.ts), named as the module has always imported it. */
export { fromLocal, toLocal, vnDay, vnIso } from '../../../shared/vn-time';
