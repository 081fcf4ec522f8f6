// The list's filters live in a "More filters" panel (issue 14): open it, set
// one, close it again so it does not cover the rows.
const T = (id) => `[data-testid="${id}"]`

/** Selects value in the filter select data-testid=testid (filter-network, filter-tag, …). */
export async function setFilter(page, testid, value) {
  const panel = page.locator(T('filters-panel'))
  if (!(await panel.isVisible())) await page.locator(T('more-filters')).click()
  await panel.waitFor({ state: 'visible' })
  await page.locator(T(testid)).selectOption(value)
  await page.locator(T('more-filters')).click()
  await panel.waitFor({ state: 'hidden' })
}
