// Issue 15 item 1 in Chromium against the real Go back end on the demo
// workspace: a selected handle's panel shows its history backfill; started
// again with "Backfill history…", the progress bar runs and finishes. The
// demo network walks two slow pages that bring nothing (the sample already
// holds its history), so the other suites see the demo unchanged.
import { assert, WAIT_MS } from './harness.mjs'
import { openInbox } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`

export function tests() {
  return [
    {
      name: 'backfill: a handle shows its history backfill, and one started on demand runs and finishes',
      async fn({ page, url }) {
        await openInbox(page, url)
        await page.locator(T('scope-handle')).first().click()
        const panel = page.locator(T('backfill-panel'))
        await panel.waitFor({ state: 'visible', timeout: WAIT_MS })
        // The on-connect backfill ran when the demo started: finished, or about to.
        await page.locator(`${T('backfill-panel')}[data-state="done"]`).waitFor({ timeout: 60_000 })
        assert(/^History fetched:/.test(await panel.locator(T('backfill-text')).innerText()), 'the finished backfill says so')

        await panel.locator(T('backfill-open')).click()
        await panel.locator(T('backfill-until')).fill('2020-01-01')
        await panel.locator(T('backfill-start')).click()
        await page.locator(`${T('backfill-panel')}[data-state="running"]`).waitFor({ timeout: WAIT_MS })
        await panel.locator(T('backfill-progress')).waitFor({ state: 'visible' })
        assert(/^Fetching history:/.test(await panel.locator(T('backfill-text')).innerText()), 'the running backfill says so')
        assert(await panel.locator(T('backfill-pause')).isVisible(), 'a running backfill can be paused')
        // It finishes by itself; the handle's delta refreshes the panel.
        await page.locator(`${T('backfill-panel')}[data-state="done"]`).waitFor({ timeout: 60_000 })
        assert((await panel.locator(T('backfill-progress')).getAttribute('value')) === '100', 'the finished bar is full')
        await page.locator(T('scope-all')).click()
      },
    },
  ]
}
