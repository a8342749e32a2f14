import { describe, expect, it } from 'vitest';
import { COMMANDS } from './commands';

describe('CLI registry', () => {
  it('every entry loads a command of the same name, with a Vietnamese summary', async () => {
    expect(new Set(COMMANDS.map((c) => c.name)).size).toBe(COMMANDS.length);
    for (const entry of COMMANDS) {
      const command = await entry.load();
      expect(command.name).toBe(entry.name);
      expect(command.summary.length).toBeGreaterThan(0);
    }
  });
});
