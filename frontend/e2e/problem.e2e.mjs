// A workspace that cannot be opened (here: a damaged database file) shows why
// in the window, in plain words — an app started from a desktop has no
// terminal to print an error line in.
import { WAIT_MS, assert, assertIncludes } from './harness.mjs'

const T = (id) => `[data-testid="${id}"]`

export function tests() {
  return [
    {
      name: 'a damaged database: the window says so in plain words',
      async fn({ page, url }) {
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
        const problem = page.locator(T('startup-problem'))
        await problem.waitFor({ state: 'visible', timeout: WAIT_MS })
        const text = await problem.innerText()
        assertIncludes(text, 'database is damaged', 'the problem title')
        assertIncludes(text, 'Nothing was changed', 'what it means')
        assert((await page.locator(T('sidebar')).count()) === 0, 'no (stand-in) inbox is shown')
        assert((await page.locator(T('onboarding')).count()) === 0, 'no onboarding over a damaged workspace')
      },
    },
  ]
}
