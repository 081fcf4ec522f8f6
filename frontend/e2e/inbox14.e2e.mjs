// A denser, calmer inbox and its small faults (issue 14, items 3 and 7) in
// Chromium against the real Go back end on the demo workspace, at 1280×800 and
// 1024×700: one filter row, the two densities, no clipped text in the sidebar
// and the list, counts that agree, the checkbox that only ticks, the bulk bar
// that moves nothing, the snooze keys. A screenshot of each screen at each
// size is kept (clipping.mjs: saveShot).
import { assert, assertIncludes, WAIT_MS } from './harness.mjs'
import { assertNoClipping, saveShot } from './clipping.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]
const MAIN = [T('sidebar'), '.list-pane']

async function setDensity(page, density) {
  await page.locator(T('more-filters')).click()
  await page.locator(`${T('density')} [data-density="${density}"]`).click()
  await page.locator(T('more-filters')).click()
  await page.locator(T('filters-panel')).waitFor({ state: 'hidden' })
  await page.waitForFunction((compact) => {
    const r = document.querySelector('[data-testid="conversation-row"]')
    return !!r && r.classList.contains('row-compact') === compact
  }, density === 'compact')
}

/** Rows wholly inside the list's visible box. */
async function visibleRows(page) {
  return page.evaluate(() => {
    const list = document.querySelector('[data-testid="conversation-list"]')
    const box = list.getBoundingClientRect()
    return [...list.querySelectorAll('[data-testid="conversation-row"]')].filter((r) => {
      const b = r.getBoundingClientRect()
      return b.top >= box.top - 1 && b.bottom <= box.bottom + 1
    }).length
  })
}

/** Rows of the open queue past the CLI's top ten (which other suites use). */
async function spareRowIds(page, inbox) {
  const taken = new Set((inbox?.items ?? []).map((c) => c.id))
  const ids = await page.locator(SEL.row).evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-id'))))
  return ids.filter((id) => !taken.has(id))
}

const countsRe = /^([\d,. ]+) open · ([\d,. ]+) unread$/
const num = (s) => Number(s.replace(/[^\d]/g, ''))

export function tests({ inbox }) {
  const out = []
  for (const size of SIZES) {
    const tag = `${size.width}x${size.height}`
    out.push({
      name: `inbox14: one filter row, both densities, nothing clipped at ${tag}`,
      async fn({ page, url }) {
        await page.setViewportSize(size)
        await openInbox(page, url)
        // The filters take one row: the status tabs and "More filters".
        const filters = await page.locator('.filters').boundingBox()
        assert(filters && filters.height <= 34, `the filters should be one row, they are ${filters?.height} px tall`)
        const head = await page.locator('.list-head').boundingBox()
        assert(head.height <= 160, `the list header should leave the list room: it is ${head.height} px tall`)
        assert(await page.locator(T('filter-network')).isHidden(), 'the extra filters are behind "More filters"')

        for (const density of ['comfortable', 'compact']) {
          await setDensity(page, density)
          const rows = await visibleRows(page)
          // Before issue 14: 7 rows at 800 px. Measured now: 8 / 11 at 800, 6 / 9 at 700.
          const min = density === 'compact' ? (size.height >= 800 ? 11 : 9) : size.height >= 800 ? 8 : 6
          assert(rows >= min, `${density} at ${tag}: ${rows} whole rows visible, expected at least ${min}`)
          // Initials avatars and network logos on every row.
          const first = page.locator(SEL.row).first()
          assert((await first.locator(T('avatar-initials')).innerText()).trim().length > 0, 'a row has an initials avatar')
          await assertNoClipping(page, MAIN, `${density} inbox at ${tag}`)
          await saveShot(page, `inbox14-${density}-${tag}`)
        }
        // The panel itself, open.
        await page.locator(T('more-filters')).click()
        await page.locator(T('filters-panel')).waitFor({ state: 'visible' })
        await assertNoClipping(page, T('filters-panel'), `the More filters panel at ${tag}`)
        await saveShot(page, `inbox14-filters-panel-${tag}`)
        await page.keyboard.press('Escape')
        await page.locator(T('filters-panel')).waitFor({ state: 'hidden' })

        // A handle selected: its status and buttons fit the sidebar.
        await page.locator(T('scope-handle')).first().click()
        await page.locator(T('handle-health')).waitFor({ state: 'visible' })
        const status = await page.locator(T('handle-status')).innerText()
        assert(!/now ago/.test(status), `handle status says "now ago": ${status}`)
        await assertNoClipping(page, MAIN, `a selected handle at ${tag}`)
        for (const b of ['sync-now', 'update-signin', 'import-archive-open', 'remove-handle']) {
          const box = await page.locator(T(b)).boundingBox()
          const side = await page.locator(T('sidebar')).boundingBox()
          assert(box && box.x >= side.x && box.x + box.width <= side.x + side.width + 0.5, `${b} is cut off by the sidebar at ${tag}`)
        }
        await saveShot(page, `inbox14-handle-${tag}`)
        // Back to comfortable, so other suites see the default.
        await page.locator(T('scope-all')).click()
        await setDensity(page, 'comfortable')
      },
    })
  }
  out.push(
    {
      name: 'inbox14: the density is kept across a reload',
      async fn({ page, url }) {
        await openInbox(page, url)
        await setDensity(page, 'compact')
        await page.reload({ waitUntil: 'domcontentloaded' })
        await page.locator(SEL.row).first().waitFor({ state: 'visible' })
        assert(await page.locator(SEL.row).first().evaluate((r) => r.classList.contains('row-compact')), 'compact was not kept')
        await setDensity(page, 'comfortable')
      },
    },
    {
      name: 'inbox14: sidebar and list counts agree, labelled, with plurals and the real version',
      async fn({ page, url }) {
        await openInbox(page, url)
        const all = (await page.locator(T('all-counts')).innerText()).trim()
        const m = countsRe.exec(all)
        assert(m, `all-counts should read "N open · M unread", got ${JSON.stringify(all)}`)
        const listCount = async () => num(await page.locator(T('list-count')).innerText())
        await page.waitForFunction(() => document.querySelector('[data-testid="list-count"]'))
        assert((await listCount()) === num(m[1]), `the Open list says ${await listCount()}, the sidebar ${m[1]} open`)
        assertIncludes(await page.locator(T('list-count')).innerText(), 'conversations', 'list count word')
        // The same for the first client, and its unread figure with "Unread only".
        const client = page.locator(T('scope-client')).first()
        await client.click()
        const cm = countsRe.exec((await client.locator(T('client-counts')).innerText()).trim())
        assert(cm, 'client-counts should read "N open · M unread"')
        await page.waitForFunction((n) => Number((document.querySelector('[data-testid="list-count"]')?.textContent ?? '').replace(/[^\d]/g, '')) === n, num(cm[1]), { timeout: WAIT_MS })
        await page.locator(T('more-filters')).click()
        await page.locator(T('unread-only')).check()
        await page.locator(T('more-filters')).click()
        await page.waitForFunction((n) => {
          const t = document.querySelector('[data-testid="list-count"]')?.textContent ?? document.querySelector('[data-testid="conversation-list"]')?.textContent ?? ''
          return n === 0 ? /No unread/.test(t) : Number(t.replace(/[^\d]/g, '')) === n
        }, num(cm[2]), { timeout: WAIT_MS })
        assertIncludes(await page.locator(T('more-filters')).innerText(), 'Filters (1)', 'the More filters button counts what is set')
        await page.locator(T('more-filters')).click()
        await page.locator(T('unread-only')).uncheck()
        await page.locator(T('more-filters')).click()
        // Handle pills stand under an "Unread" column label and say so to assistive technology.
        assertIncludes(await page.locator(T('unread-column')).innerText(), 'Unread', 'the column label of the pills')
        const pills = await page.locator(`${T('scope-handle')} ${T('count-unread')}`).evaluateAll((ps) => ps.map((p) => p.getAttribute('aria-label')))
        assert(pills.length > 0, 'the demo has unread handles')
        for (const p of pills) assert(/^[\d,. ]+ unread$/.test(p ?? ''), `a handle count pill is labelled ${JSON.stringify(p)}`)
        // The version: a release number with the commit, not a bare hash.
        const version = (await page.locator(T('app-version')).innerText()).trim()
        assert(/^Version \d+\.\d+\.\d+\S*( \([0-9a-f]{7}(-dirty)?\))?$/.test(version), `the version reads ${JSON.stringify(version)}`)
      },
    },
    {
      name: "inbox14: ticking a row's checkbox neither opens nor reads it, and the bulk bar moves no row",
      async fn({ page, url }) {
        await openInbox(page, url)
        await page.locator(T('thread-none')).waitFor({ state: 'visible' })
        const unread = page.locator(`${SEL.row}[data-unread="true"]`)
        await unread.first().waitFor({ state: 'visible' })
        const row = unread.first()
        const id = await row.getAttribute('data-id')
        const below = page.locator(SEL.row).nth(3)
        const before = await below.boundingBox()
        // A click on the box, and one near it (the hit area is the row's edge).
        await row.locator(T('row-check')).click()
        await page.locator(T('bulk-bar')).waitFor({ state: 'visible' })
        assert((await row.getAttribute('data-checked')) === 'true', 'the row is ticked')
        assert(await page.locator(T('thread-none')).isVisible(), 'ticking opened the conversation')
        assert((await row.getAttribute('data-unread')) === 'true', 'ticking marked the conversation read')
        const after = await below.boundingBox()
        assert(Math.abs(after.y - before.y) < 0.5, `the bulk bar moved the rows: ${before.y} → ${after.y}`)
        const box = await row.locator(T('row-check')).boundingBox()
        await page.mouse.click(box.x + 2, box.y + 3)
        assert((await row.getAttribute('data-checked')) !== 'true', 'a click at the edge of the box unticks it')
        assert(await page.locator(T('thread-none')).isVisible(), 'a click near the box opened the conversation')
        assert((await page.locator(`${SEL.thread}[data-id="${id}"]`).count()) === 0, 'the ticked conversation is not open')
        await page.locator(T('bulk-bar')).waitFor({ state: 'hidden' })
      },
    },
    {
      name: 'inbox14: the snooze keys 1–4 pick the option they show; the custom time starts ahead',
      async fn({ page, url }) {
        await openInbox(page, url)
        const ids = await spareRowIds(page, inbox)
        assert(ids.length >= 4, `need four spare rows, have ${ids.length}`)
        for (const [i, key] of ['1', '2', '3', '4'].entries()) {
          const id = ids[i]
          const row = page.locator(`${SEL.row}[data-id="${id}"]`)
          await row.scrollIntoViewIfNeeded()
          await row.click()
          await page.locator(`${SEL.thread}[data-id="${id}"]`).waitFor({ state: 'visible' })
          await page.locator(SEL.thread).click({ position: { x: 5, y: 5 } })
          await page.keyboard.press('s')
          const dialog = page.locator(T('snooze-dialog'))
          await dialog.waitFor({ state: 'visible' })
          const custom = await page.locator(T('snooze-custom')).inputValue()
          assert(new Date(custom).getTime() > Date.now(), `the custom time starts in the past: ${custom}`)
          const label = (await page.locator(T('snooze-option')).nth(i).innerText()).replace(/\s+/g, ' ').trim()
          assert(label.startsWith(key), `option ${i + 1} shows key ${key}: ${label}`)
          await page.keyboard.press(key)
          await dialog.waitFor({ state: 'detached' })
          await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor({ state: 'detached' })
          await page.locator(`${SEL.thread} .thread-meta`, { hasText: 'Snoozed' }).waitFor()
        }
      },
    },
    {
      name: 'inbox14: a message holding a direction override is marked in the list',
      async fn({ page, url }) {
        await openInbox(page, url)
        const ids = await spareRowIds(page, inbox)
        const id = ids[0]
        assert(id, 'no spare row')
        // The demo's "customer writes" hook ingests a message as a sync would.
        const text = 'refund to account \u202Eevil.exe\u202C please'
        await page.evaluate(([id, text]) => window.go.app.CSATAPI.DemoCustomerWrites(id, text), [id, text])
        const row = page.locator(`${SEL.row}[data-id="${id}"]`)
        await row.locator(T('bidi-marker')).waitFor({ state: 'attached', timeout: WAIT_MS })
        const excerpt = await row.locator('.row-excerpt bdi').last().textContent()
        assertIncludes(excerpt, '\u202Eevil.exe', 'the excerpt keeps the text as it came')
        // Every name in the row is isolated.
        const bare = await row.locator('.row-name, .row-handle, .row-client').evaluateAll((els) => els.filter((e) => !e.querySelector('bdi')).length)
        assert(bare === 0, `${bare} name(s) in the row are not isolated`)
      },
    },
  )
  return out
}

/** First run (an empty workspace): onboarding offers the sample, not a developer's command. */
export function firstRunTests() {
  return [
    {
      name: 'inbox14: onboarding offers the sample workspace, nothing clipped',
      async fn({ page, url }) {
        for (const size of SIZES) {
          await page.setViewportSize(size)
          await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
          await page.locator(T('onboarding')).waitFor({ state: 'visible' })
          const text = await page.locator(T('onboarding')).innerText()
          assert(!/make run|ARGS=/.test(text), 'onboarding shows a developer command')
          assert(await page.locator(T('open-sample')).isVisible(), 'no "Open the sample workspace" action')
          assertIncludes(await page.locator(T('open-sample')).innerText(), 'Open the sample workspace', 'the sample action')
          await assertNoClipping(page, [T('onboarding'), T('sidebar')], `onboarding at ${size.width}x${size.height}`)
          await saveShot(page, `inbox14-onboarding-${size.width}x${size.height}`)
        }
      },
    },
  ]
}
