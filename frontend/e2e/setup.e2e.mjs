// The two setup screens of issue 14 (items 1 and 2) in Chromium against the
// real Go back end on the demo workspace, at 1280×800 and at 1024×700: the
// rebuilt deadlines screen (full width, the week grid, one Save with its
// preview) and the guided connect dialog (easy networks first, e-mail presets,
// the step-by-step wizard, buttons in view after an error). No element may
// clip its text (scrollWidth within its box). A screenshot of each screen at
// each size is kept under build/e2e-artifacts/setup/ (E2E_SETUP_SHOTS
// overrides), not committed. Nothing is saved, so the demo stays as the other
// suites expect it.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { assert, WAIT_MS } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]
const SHOTS =
  process.env.E2E_SETUP_SHOTS || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'e2e-artifacts', 'setup')

async function shot(page, name, { width, height }) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}-${width}x${height}.png`), timeout: 10_000 })
}

/**
 * Fails naming every element under root whose content is wider than its box
 * (text cut off, or a row that only scrolls sideways). Hidden elements and
 * the pieces a control draws itself are skipped.
 */
export async function assertNothingClipped(page, root, what) {
  const clipped = await page.locator(root).evaluate((top) => {
    const out = []
    for (const el of [top, ...top.querySelectorAll('*')]) {
      const box = el.getBoundingClientRect()
      if (box.width === 0 || box.height === 0 || el.closest('[aria-hidden="true"]') || el.tagName === 'OPTION' || el.tagName === 'svg' || el.closest('.sr-only')) continue
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        const id = el.getAttribute('data-testid') || el.getAttribute('aria-label') || el.className || el.tagName
        out.push(`${el.tagName.toLowerCase()} "${String(id).slice(0, 60)}" (${el.scrollWidth} > ${el.clientWidth}): ${JSON.stringify((el.textContent || el.value || '').trim().slice(0, 60))}`)
      }
    }
    return out
  })
  assert(clipped.length === 0, `${what}: ${clipped.length} element(s) clip their content:\n${clipped.slice(0, 12).join('\n')}`)
}

/** The element lies within the viewport (not scrolled away, not cut off at the side). */
async function assertInView(page, locator, what) {
  const box = await locator.boundingBox()
  const vp = page.viewportSize()
  assert(box && vp, `${what} has no box`)
  assert(box.x >= 0 && box.y >= 0 && box.x + box.width <= vp.width + 0.5 && box.y + box.height <= vp.height + 0.5,
    `${what} is out of view: ${JSON.stringify(box)} in ${vp.width}×${vp.height}`)
}

export function tests() {
  return SIZES.flatMap((size) => [
    {
      name: `setup: the deadlines screen at ${size.width}×${size.height} uses the full width, edits hours on a grid, previews and asks before leaving`,
      async fn({ page, url }) {
        await page.setViewportSize(size)
        await openInbox(page, url)
        await page.locator(T('view-deadline-settings')).click()
        const settings = page.locator(T('deadline-settings'))
        const internal = settings.getByLabel('First response internal minutes')
        await internal.waitFor({ state: 'visible', timeout: WAIT_MS })
        const pane = await settings.boundingBox()
        assert(pane && pane.width >= size.width - 240, `the screen should span the list and thread columns, is ${pane?.width} px wide`)
        // Every column of the targets, the business-hours one included, is in view without scrolling sideways.
        await assertInView(page, settings.getByLabel('Resolution in business hours'), 'the last business-hours checkbox')

        const always = settings.locator(T('cal-always-open'))
        assert(await always.isChecked(), 'a demo client calendar should be 24/7')
        await always.uncheck()
        await settings.locator(T('hours-preset-mon-fri-9-17')).click()
        const friday = settings.locator(T('cal-day-5'))
        assert((await friday.inputValue()) === '09:00–17:00', `the preset set Friday to ${await friday.inputValue()}`)
        await settings.locator(T('cal-day-1')).fill('08:00–12:00, 13:00–16:00')
        await settings.locator(T('hours-copy-1')).click()
        assert((await friday.inputValue()) === '08:00–12:00, 13:00–16:00', `copying Monday set Friday to ${await friday.inputValue()}`)
        // Overlapping hours are refused in words and block the one Save.
        await settings.locator(T('cal-day-3')).fill('09:00–12:00, 11:00–13:00')
        await settings.getByText('09:00–12:00 overlaps 11:00–13:00').first().waitFor({ state: 'visible' })
        assert(await settings.locator(T('settings-save')).isDisabled(), 'Save should be blocked by overlapping hours')
        await settings.locator(T('cal-day-3')).fill('09:00–17:00')
        const moves = settings.locator(T('settings-moves'))
        await moves.waitFor({ state: 'visible', timeout: WAIT_MS })
        assert(/would move|no open conversation/.test((await moves.textContent()) ?? ''), `the preview reads ${JSON.stringify(await moves.textContent())}`)
        await assertInView(page, settings.locator(T('settings-save')), 'the one Save button')
        assert((await settings.locator(T('settings-save')).count()) === 1, 'there should be one Save for hours and targets')

        await settings.getByLabel('Holiday date').fill('2026-12-25')
        await settings.getByRole('button', { name: 'Add holiday' }).click()
        const holiday = settings.locator(`${T('cal-holidays')} time`).first()
        await holiday.waitFor({ state: 'visible' })
        assert(/25/.test((await holiday.textContent()) ?? '') && /2026/.test((await holiday.textContent()) ?? ''), `the holiday reads ${await holiday.textContent()}`)

        await shot(page, 'deadlines', size)
        await assertNothingClipped(page, T('deadline-settings'), `deadlines at ${size.width}×${size.height}`)
        await page.locator(T('settings-close')).click()
        const leave = page.locator(T('leave-dialog'))
        await leave.waitFor({ state: 'visible' })
        await leave.locator(T('leave-discard')).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })
      },
    },
    {
      name: `setup: the connect dialog at ${size.width}×${size.height} starts easy, fills Gmail, guides Facebook step by step and keeps its buttons in view`,
      async fn({ page, url }) {
        await page.setViewportSize(size)
        await openInbox(page, url)
        await page.locator(T('sidebar-add-handle')).click()
        const dialog = page.locator(T('add-handle-dialog'))
        await dialog.locator(T('choose-email')).waitFor({ state: 'visible', timeout: WAIT_MS })
        const first = await dialog.locator(`${T('network-choices')} button`).first().getAttribute('data-testid')
        assert(first === 'choose-email', `the first network offered is ${first}`)
        await shot(page, 'connect-choose', size)
        await assertNothingClipped(page, T('add-handle-dialog'), 'the network choice')

        await dialog.locator(T('choose-email')).click()
        await dialog.locator(T('email-address')).fill('support.bakery@gmail.com')
        await dialog.locator(T('email-discover')).click()
        await dialog.locator(T('email-found')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await dialog.locator(T('app-password-steps')).waitFor({ state: 'visible' })
        const summary = (await dialog.locator(T('email-servers-summary')).textContent()) ?? ''
        assert(summary.includes('imap.gmail.com:993'), `the Gmail servers read ${JSON.stringify(summary)}`)
        await shot(page, 'connect-email', size)
        await assertNothingClipped(page, T('add-handle-dialog'), 'the e-mail setup')

        await dialog.locator(T('add-handle-back')).click()
        await dialog.locator(T('choose-facebook')).click()
        await dialog.locator(T('wizard-step-0')).waitFor({ state: 'visible' })
        await dialog.locator(T('wizard-next')).click()
        await dialog.locator(T('wizard-permissions')).waitFor({ state: 'visible' })
        assert(/pages_messaging — to read and answer Messenger/.test((await dialog.locator(T('wizard-permissions')).textContent()) ?? ''),
          'the permissions are explained in plain words')
        // Next without the token: the step's check answers, and the buttons stay in view.
        await dialog.locator(T('wizard-next')).click()
        await dialog.locator(T('wizard-step-problem')).waitFor({ state: 'visible' })
        await assertInView(page, dialog.locator(T('wizard-next')), 'Next after an error')
        await assertInView(page, dialog.getByRole('button', { name: 'Cancel' }), 'Cancel after an error')
        await shot(page, 'connect-wizard', size)
        await assertNothingClipped(page, T('add-handle-dialog'), 'the Facebook wizard')
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
      },
    },
  ])
}
