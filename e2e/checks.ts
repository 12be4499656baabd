// Checks every page gets at both sizes: it fits the screen, axe finds no serious or
// critical problem, and a screenshot is kept for review (test-results/, not committed).
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** No sideways scrolling: the document is no wider than the viewport. */
export async function expectNoHorizontalScroll(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, "the page scrolls sideways").toBeLessThanOrEqual(innerWidth);
}

/** axe-core against WCAG 2.1 A and AA: serious and critical violations fail the test. */
export async function expectAccessible(page: Page, what: string) {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"])
    .analyze();
  const bad = violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(bad, `axe on ${what}`).toEqual([]);
}

/** Writes a full-page screenshot named after the project (desktop, phone) and the page. */
export async function screenshot(page: Page, info: TestInfo, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${info.project.name}-${name}.png`, fullPage: true });
}

/** Everything a page should pass at this size. */
export async function checkPage(page: Page, info: TestInfo, name: string) {
  await expectNoHorizontalScroll(page);
  await expectAccessible(page, name);
  await screenshot(page, info, name);
}

/** Collects what Chromium reports about the Content-Security-Policy: the test ends with none. */
export function watchCsp(page: Page): { violations: string[] } {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply|connect|frame)/i.test(m.text()))
      violations.push(m.text());
  });
  return { violations };
}
