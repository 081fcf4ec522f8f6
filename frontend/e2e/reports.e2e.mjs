// The Reports screen in a real browser against the real Go back end
// (issue 11): open it on the demo, switch the period, read the headline
// figures and the hour-of-week heat map, and open a breach's conversation;
// narrow the scope, take a custom period, read a chart's canvas, download a
// table's CSV and the client report, and open a search from an insight.
// Nothing is changed, so the demo database stays as the other suites expect it.
import fs from 'node:fs'
import { assert, WAIT_MS } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const FIGURES = ['promise', 'internal', 'first-business', 'first-wall', 'volume']

/** RFC 4180 records of CSV text (a leading byte order mark skipped). */
function parseCsv(text) {
  const s = text.replace(/^\uFEFF/, '')
  const out = []
  let rec = []
  let field = ''
  let quoted = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') rec.push(field), (field = '')
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && s[i + 1] === '\n') i++
      rec.push(field), out.push(rec), (rec = []), (field = '')
    } else field += c
  }
  if (field !== '' || rec.length) rec.push(field), out.push(rec)
  return out
}

/** Waits until the screen shows the report of exactly this scope and these days. */
async function waitForReport(page, { clientId = 0, handleId = 0, network = '', kind = '' }, from, to) {
  await page
    .locator(`${T('reports')}[data-report-scope="${clientId} ${handleId} ${network} ${kind} ${from} ${to}"]`)
    .waitFor({ state: 'attached', timeout: WAIT_MS })
}

/**
 * How many pixels of a chart's canvas are near one of its series colours
 * (uPlot fills bars and strokes lines with them): a blank or axes-only
 * canvas has none.
 */
async function seriesPixels(chart) {
  return chart.evaluate((fig) => {
    const plot = fig.querySelector('.report-chart-plot')
    const canvas = fig.querySelector('canvas')
    if (!plot || !canvas) return -1
    const hex = (plot.getAttribute('data-series-colors') ?? '').split(' ').filter((c) => /^#[0-9a-f]{6}$/i.test(c))
    const want = hex.map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)))
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height)
    let n = 0
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] < 200) continue
      if (want.some(([r, g, b]) => Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) < 24)) n++
    }
    return want.length === 0 ? -2 : n
  })
}

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
    {
      name: 'Reports: scope and custom period, a chart drawn, a CSV download, an insight opens a search',
      async fn({ page, url }) {
        await openInbox(page, url)
        await page.locator(T('view-reports')).click()
        const view = page.locator(T('reports'))
        await view.getByRole('button', { name: 'Last month' }).click()
        await view.locator(T('report-headline')).waitFor({ state: 'visible', timeout: WAIT_MS })
        const [from, to] = ((await view.locator(T('report-days')).textContent()) ?? '').match(/\d{4}-\d{2}-\d{2}/g) ?? []
        await waitForReport(page, {}, from, to)
        assert((await view.locator(T('report-scope-words')).textContent()) === 'All clients, every handle, every channel kind', 'the scope in words')

        // A chart is drawn: its canvas has pixels of its series' colours.
        const chart = view.locator(`${T('report-chart-distribution')}`)
        await chart.locator('.report-chart-plot[data-ready="true"] canvas').first().waitFor({ state: 'attached', timeout: WAIT_MS })
        const px = await seriesPixels(chart)
        assert(px > 50, `the first-response chart's canvas has ${px} pixels of its series colours (blank?)`)
        // Its table has a row per bucket, for screen readers.
        const buckets = await chart.locator(`${T('report-chart-distribution-table')} tbody tr`).count()
        assert(buckets > 1, `the first-response chart's table has ${buckets} rows`)

        // Per handle: "Download CSV" writes the table's header and rows.
        const table = view.locator(T('report-per-handle'))
        await table.waitFor({ state: 'visible' })
        const header = (await table.locator('thead th').allTextContents()).map((t) => t.trim())
        const rows = await table.locator('tbody tr').count()
        assert(rows > 0, 'the per-handle table is empty for the demo')
        const [download] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), view.locator(T('report-per-handle-csv')).click()])
        assert(download.suggestedFilename() === `report-per-handle-${from}-${to}.csv`, `the CSV is named ${download.suggestedFilename()}`)
        const csv = parseCsv(fs.readFileSync(await download.path(), 'utf8'))
        assert(JSON.stringify(csv[0]) === JSON.stringify(header), `the CSV header ${JSON.stringify(csv[0])} is not the table's ${JSON.stringify(header)}`)
        assert(csv.length - 1 === rows, `the CSV has ${csv.length - 1} rows, the table ${rows}`)

        // One client's report to send: "Save as HTML" and "Save as PDF" download the files.
        const clientId = await view.locator(`${T('report-client')} option`).nth(1).getAttribute('value')
        await view.locator(T('report-client')).selectOption(clientId)
        await waitForReport(page, { clientId: Number(clientId) }, from, to)
        for (const [button, ext, magic] of [
          ['report-save-html', '.html', /^\s*<!doctype html/i],
          ['report-save-pdf', '.pdf', /^%PDF-/],
        ]) {
          const [file] = await Promise.all([page.waitForEvent('download', { timeout: WAIT_MS }), view.locator(T(button)).click()])
          assert(file.suggestedFilename().endsWith(ext), `the client report is named ${file.suggestedFilename()}`)
          const head = fs.readFileSync(await file.path()).subarray(0, 64).toString('latin1')
          assert(magic.test(head), `the ${ext} client report starts ${JSON.stringify(head)}`)
        }
        await view.locator(T('report-client')).selectOption('0')
        await waitForReport(page, {}, from, to)

        // Narrower scopes: one network, then one channel kind.
        const network = await view.locator(`${T('report-network')} option`).nth(1).getAttribute('value')
        await view.locator(T('report-network')).selectOption(network)
        await waitForReport(page, { network }, from, to)
        await view.locator(T('report-kind')).selectOption('public')
        await waitForReport(page, { network, kind: 'public' }, from, to)
        const words = (await view.locator(T('report-scope-words')).textContent()) ?? ''
        assert(words.endsWith(', public mentions and comments') && words.includes('every handle on '), `the scope reads ${JSON.stringify(words)}`)
        await view.locator(T('report-kind')).selectOption('')
        await view.locator(T('report-network')).selectOption('')
        await waitForReport(page, {}, from, to)

        // A custom period: a wrong one is refused, a right one reported.
        await view.getByRole('button', { name: 'Custom' }).click()
        const mid = `${from.slice(0, 8)}10`
        await view.locator(T('report-to')).fill(`${from.slice(0, 8)}05`)
        await view.locator(T('report-from')).fill(mid)
        await view.locator(`${T('report-custom-error')}[role="alert"]`).waitFor({ state: 'visible' })
        assert((await view.locator(T('report-headline')).count()) === 0, 'a period ending before it starts was reported')
        await view.locator(T('report-to')).fill(to)
        await waitForReport(page, {}, mid, to)
        const days = (await view.locator(T('report-days')).textContent()) ?? ''
        assert(days.startsWith(`${mid} to ${to} (included), in `), `the custom period line reads ${JSON.stringify(days)}`)

        // An insight term opens the inbox search for it.
        const term = view.locator(T('report-insight-term')).first()
        await term.waitFor({ state: 'visible', timeout: WAIT_MS })
        const query = (await term.getAttribute('data-query')) || ((await term.textContent()) ?? '').trim()
        await term.click()
        await page.locator(T('reports')).waitFor({ state: 'detached' })
        const box = page.locator(T('search-input'))
        await box.waitFor({ state: 'visible' })
        assert((await box.inputValue()) === query, `the search box holds ${JSON.stringify(await box.inputValue())}, not the term's query ${JSON.stringify(query)}`)
      },
    },
  ]
}
