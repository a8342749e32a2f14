import { describe, it } from 'vitest';
import { receiptKillLoop } from '../support/receipt-kill-loop';

const KILLS = Number(process.env.RECEIPT_KILLS ?? 40);

describe('soak: receipts under kill -9', () => {
  it(
    `${KILLS} kills with resends by requestId`,
    async () => {
      await receiptKillLoop(KILLS);
    },
    KILLS * 30_000,
  );
});
