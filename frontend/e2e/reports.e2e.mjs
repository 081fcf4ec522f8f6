// The Reports screen in a real browser against the real Go back end
// (issue 11): open it on the demo, switch the period, read the headline
// figures and the hour-of-week heat map, and open a breach's conversation.
// Nothing is changed, so the demo database stays as the other suites expect it.
import { assert, WAIT_MS } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const FIGURES = ['promise', 'internal', 'first-business', 'first-wall', 'volume']

export function tests() {
  return [
    {
      name: 'opens Reports, switches the period, shows the figures and the heat map, and opens a breach',
      async fn({ page, url }) {
        await openInbox(page, url)
        await page.locator(T('view-reports')).click()
        const view = page.locator(T('reports'))
        await view.waitFor({ state: 'visible' })
        await view.locator(T('report-headline')).waitFor({ state: 'visible', timeout: WAIT_MS })
        const before = (await view.locator(T('report-days')).textContent()) ?? ''

        await view.getByRole('button', { name: 'Last month' }).click()
        await page.waitForFunction(
          ([sel, old]) => {
            const t = document.querySelector(sel)?.textContent ?? ''
            return t !== old && t.includes(' in ')
          },
          [T('report-days'), before],
          { timeout: WAIT_MS },
        )
        await view.locator(T('report-headline')).waitFor({ state: 'visible', timeout: WAIT_MS })
        const days = (await view.locator(T('report-days')).textContent()) ?? ''
        assert(/^\d{4}-\d{2}-01 to \d{4}-\d{2}-\d{2} \(included\), in /.test(days), `the period line reads ${JSON.stringify(days)}`)
        for (const id of FIGURES) {
          const fig = view.locator(T(`report-figure-${id}`))
          const value = ((await fig.locator(T('value')).textContent()) ?? '').trim()
          assert(value !== '', `headline figure ${id} is empty`)
          assert(/previous: /.test((await fig.textContent()) ?? ''), `headline figure ${id} has no previous period`)
        }
        const volume = Number(((await view.locator(`${T('report-figure-volume')} ${T('value')}`).textContent()) ?? '').replace(/\D/g, ''))
        assert(volume > 0, `the demo's last month should have conversations, the report says ${volume}`)
        const promise = ((await view.locator(`${T('report-figure-promise')} ${T('value')}`).textContent()) ?? '').trim()
        // "—" when no first response had its outcome known yet (the demo's clock decides).
        assert(/^(\d+(\.\d)? %|—)$/.test(promise), `promise kept reads ${JSON.stringify(promise)}`)

        const heat = view.locator(T('report-heatmap'))
        await heat.waitFor({ state: 'visible' })
        const cells = heat.locator('td')
        assert((await cells.count()) === 168, `the heat map has ${await cells.count()} cells, expected 7 × 24`)
        const counted = await cells.evaluateAll((tds) => tds.filter((td) => /\d/.test(td.firstChild?.textContent ?? '')).length)
        assert(counted > 0, 'no hour of the heat map counts a message')

        // Staffed hours are a client's calendar's: one client's report marks them.
        const picker = view.locator(T('report-client'))
        const clientId = await picker.locator('option').nth(1).getAttribute('value')
        assert(clientId, 'the scope picker lists no client')
        const [from, to] = days.match(/\d{4}-\d{2}-\d{2}/g) ?? []
        await picker.selectOption(clientId)
        await page.locator(`${T('reports')}[data-report-for="${clientId} ${from} ${to}"]`).waitFor({ state: 'attached', timeout: WAIT_MS })
        const staffed = await view.locator(`${T('report-heatmap')} td[data-staffed="true"]`).count()
        assert(staffed > 0, "no hour of one client's heat map is marked staffed (the demo clients answer around the clock)")

        const breach = view.locator(T('report-breach')).first()
        if ((await view.locator(T('report-breach')).count()) === 0) {
          await view.locator(T('report-no-breaches')).waitFor({ state: 'visible' })
          return
        }
        const customer = ((await breach.locator('td').first().textContent()) ?? '').trim()
        await breach.click()
        const thread = page.locator(SEL.thread)
        await thread.waitFor({ state: 'visible', timeout: WAIT_MS })
        await thread.locator(SEL.message).first().waitFor({ state: 'visible', timeout: WAIT_MS })
        const first = customer.replace(/<[^>]*>/g, '').split(' ')[0]
        assert(((await thread.textContent()) ?? '').includes(first), `the opened thread does not name the breach's customer ${JSON.stringify(customer)}`)
        assert((await page.locator(T('reports')).count()) === 0, 'the Reports screen stayed over the conversation')
      },
    },
  ]
}
