import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.0 A/AA, 2.1 A/AA and 2.2 AA: the level the product promises (issue #17). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The real sizes of the screens the product runs on. */
export const SIZES = {
  counter: { width: 1366, height: 768 },
  kiosk: { width: 1080, height: 1920 },
  display: { width: 1920, height: 1080 },
} as const;

/**
 * Rules switched off, each with the reason written next to it. Empty on purpose: every screen passes
 * every rule of the tags above; a rule added here must say why it cannot apply.
 */
const DISABLED_RULES: readonly { rule: string; why: string }[] = [];

/** One line per violation, with the elements it names, so a failure says what to fix. */
function describe(violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[]): string[] {
  return violations.map(
    (v) =>
      `${v.id} (${v.impact ?? '?'}): ${v.help} — ${v.nodes
        .slice(0, 4)
        .map((n) => JSON.stringify(n.target))
        .join(', ')}`,
  );
}

/** Runs axe on the page as it is now; any violation fails the test. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (DISABLED_RULES.length > 0) builder = builder.disableRules(DISABLED_RULES.map((r) => r.rule));
  const results = await builder.analyze();
  // Soft: one run lists every screen's violations, not just the first screen's.
  expect.soft(describe(results.violations), `axe violations on ${screen}`).toEqual([]);
  // axe only checks that an alt exists; a screen reader reading "MOTCUA-VE|0e42…" or "3" helps nobody (#17).
  const alts = await page.locator('img').evaluateAll((imgs) => imgs.map((img) => img.getAttribute('alt') ?? ''));
  for (const alt of alts) expect.soft(alt, `image alt text on ${screen}`).toMatch(/^(|[^|]*\p{L}{2}[^|]*)$/u);
}

/** Presses Tab until `isTarget` holds for the focused element; bounded, so a focus trap fails the test instead of hanging. */
export async function tabUntil(page: Page, isTarget: () => Promise<boolean>, max = 60): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await isTarget()) return;
    await page.keyboard.press('Tab');
  }
  expect(await isTarget(), `focus never reached the target after ${max} Tab presses`).toBe(true);
}
