import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../shared/contract';
import { README, withContractSection } from './contract-doc';

describe('README contract list', () => {
  it('is up to date (run `npm run docs:contract`)', () => {
    const readme = fs.readFileSync(README, 'utf8');
    expect(withContractSection(readme)).toBe(readme);
    for (const name of METHOD_NAMES) expect(readme).toContain(`\`${name}\``);
  });
});
