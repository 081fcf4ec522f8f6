// The last of issue 14 in Chromium against the real Go back end: dragging on
// the business-hours grid, Undo after a bulk action and after a snooze, the
// look of every main screen at 1280×800 in the light and the dark scheme (no
// clipped text, no control out of the window, no unreadable text), and an
// hour's work on the queue in dark mode. Everything a test changes it puts
// back (Undo, Discard), so the demo stays as the other suites expect it.
import { assert, assertIncludes, WAIT_MS } from './harness.mjs'
import { assertLooksRight, lookProblems, saveShot } from './clipping.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const SIZE = { width: 1280, height: 800 }
// Anything that says something went wrong, on any screen.
const ERRORS = `${T('backend-banner')}, ${T('error-boundary')}, [role="alert"]`

async function start(page, url) {
  await page.setViewportSize(SIZE)
  await openInbox(page, url)
}

/**
 * Rows of the open queue past the CLI's top ten (which other suites use) that
 * lie wholly inside the list's box (a row half under the edge is not
 * clickable), as ids. The list is scrolled past the top ten first.
 */
async function spareRowIds(page, inbox) {
  const taken = (inbox?.items ?? []).map((c) => c.id)
  await page.locator(SEL.list).evaluate((list) => {
    const row = list.querySelector('[data-testid="conversation-row"]')
    list.scrollTop = (row?.getBoundingClientRect().height ?? 74) * 11
  })
  const ids = await page.waitForFunction((taken) => {
    const list = document.querySelector('[data-testid="conversation-list"]')
    if (!list) return null
    const box = list.getBoundingClientRect()
    const spare = [...list.querySelectorAll('[data-testid="conversation-row"]')]
      .filter((r) => {
        const b = r.getBoundingClientRect()
        return b.top >= box.top - 1 && b.bottom <= box.bottom + 1
      })
      .map((r) => Number(r.getAttribute('data-id')))
      .filter((id) => !taken.includes(id))
    return spare.length >= 5 ? spare : null
  }, taken)
  return ids.jsonValue()
}

async function openRow(page, id) {
  const row = page.locator(`${SEL.row}[data-id="${id}"]`)
  await row.scrollIntoViewIfNeeded()
  await row.click()
  await page.locator(`${SEL.thread}[data-id="${id}"]:not([data-loading])`).waitFor({ state: 'visible' })
}

/** Presses the mouse on one hour cell, moves across to another and lets go. */
async function dragCells(page, from, to) {
  const a = await page.locator(T(`hours-cell-${from[0]}-${from[1]}`)).boundingBox()
  const b = await page.locator(T(`hours-cell-${to[0]}-${to[1]}`)).boundingBox()
  assert(a && b, 'the hour cells have no box')
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 })
  await page.mouse.up()
}

async function noErrorShown(page, what) {
  const shown = await page.locator(ERRORS).evaluateAll((els) =>
    els.filter((e) => e.getClientRects().length > 0 && (e.textContent ?? '').trim()).map((e) => (e.textContent ?? '').trim().slice(0, 120)),
  )
  assert(shown.length === 0, `${what}: an error is shown: ${JSON.stringify(shown)}`)
}

export function tests({ inbox }) {
  return [
    {
      name: 'polish: the look checks catch clipped text, a control out of the window and unreadable text',
      async fn({ page, url }) {
        await start(page, url)
        // Three faults planted on the real page, in both schemes: the checks must name each.
        await page.evaluate(() => {
          const box = document.createElement('div')
          box.id = 'planted'
          const clipped = Object.assign(document.createElement('div'), { textContent: 'averyveryverylongunbreakablewordthatcannotfit' })
          clipped.setAttribute('data-testid', 'planted-clipped')
          clipped.style.cssText = 'width:60px;overflow:hidden;white-space:nowrap;background:#fff;color:#000'
          const faint = Object.assign(document.createElement('p'), { textContent: 'faint words' })
          faint.setAttribute('data-testid', 'planted-faint')
          faint.style.cssText = 'color:#999;background:#aaa;font-size:14px'
          const away = Object.assign(document.createElement('button'), { textContent: 'Away' })
          away.setAttribute('data-testid', 'planted-away')
          away.style.cssText = 'position:fixed;left:1270px;top:10px;width:80px'
          box.append(clipped, faint, away)
          document.body.append(box)
        })
        const found = (await lookProblems(page, '#planted', 'planted')).join('\n')
        for (const id of ['planted-clipped', 'planted-faint', 'planted-away']) assertIncludes(found, id, 'what the look checks found')
        assert(/unreadable .*planted-faint.*< 4\.5:1/.test(found), `the faint text should fail 4.5:1: ${found}`)
        await page.evaluate(() => document.getElementById('planted')?.remove())
        assert((await lookProblems(page, '#planted', 'gone')).length === 0, 'nothing is left to find')
      },
    },
    {
      name: 'polish: dragging across the hours grid opens and closes hours, and the typed hours follow',
      async fn({ page, url }) {
        await start(page, url)
        await page.locator(T('view-deadline-settings')).click()
        const settings = page.locator(T('deadline-settings'))
        await settings.getByLabel('First response internal minutes').waitFor({ state: 'visible', timeout: WAIT_MS })
        await settings.locator(T('cal-always-open')).uncheck()
        await settings.locator(T('hours-grid')).waitFor({ state: 'visible' })
        await settings.locator(T('hours-preset-mon-fri-9-17')).click()
        const monday = settings.locator(T('cal-day-1'))
        assert((await monday.inputValue()) === '09:00–17:00', `the preset set Monday to ${await monday.inputValue()}`)
        // From a closed hour: the drag opens every hour it crosses.
        await dragCells(page, [1, 17], [1, 19])
        assert((await monday.inputValue()) === '09:00–20:00', `dragging 17 → 19 on Monday gave ${await monday.inputValue()}`)
        for (const h of [17, 18, 19]) assert((await settings.locator(T(`hours-cell-1-${h}`)).getAttribute('data-open')) === 'true', `Monday ${h}:00 is not open`)
        // From an open hour: the drag closes them (a lunch break).
        await dragCells(page, [1, 12], [1, 12])
        assert((await monday.inputValue()) === '09:00–12:00, 13:00–20:00', `closing 12:00 on Monday gave ${await monday.inputValue()}`)
        // A closed day opens by dragging, and the drag stays on its own day.
        const saturday = settings.locator(T('cal-day-6'))
        assert((await saturday.inputValue()) === '', `Saturday should be closed, reads ${await saturday.inputValue()}`)
        await dragCells(page, [6, 10], [6, 13])
        assert((await saturday.inputValue()) === '10:00–14:00', `dragging 10 → 13 on Saturday gave ${await saturday.inputValue()}`)
        assert((await settings.locator(T('cal-day-5')).inputValue()) === '09:00–17:00', 'the drag on Saturday changed Friday')
        // The grid's change is a pending change like any other: previewed, one Save.
        await settings.locator(T('settings-moves')).waitFor({ state: 'visible', timeout: WAIT_MS })
        assert(await settings.locator(T('settings-save')).isEnabled(), 'Save should be offered after a drag')
        await saveShot(page, 'polish-hours-drag')
        await settings.getByRole('button', { name: 'Discard changes' }).first().click()
        await settings.locator(T('cal-always-open')).waitFor({ state: 'visible' })
        assert(await settings.locator(T('cal-always-open')).isChecked(), 'discarding should bring back 24/7')
        await page.locator(T('settings-close')).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })
      },
    },
    {
      name: 'polish: Undo after a bulk resolve puts both conversations back in the queue',
      async fn({ page, url }) {
        await start(page, url)
        const ids = (await spareRowIds(page, inbox)).slice(0, 2) // the top ones: the bulk bar, once shown, lies over the list's last rows
        assert(ids.length === 2, 'need two spare rows')
        const before = Number(await page.locator(SEL.list).getAttribute('data-total'))
        for (const id of ids) await page.locator(`${SEL.row}[data-id="${id}"] ${T('row-check')}`).check()
        assertIncludes(await page.locator(T('bulk-count')).innerText(), '2 selected', 'bulk bar')
        await page.locator(T('bulk-resolve')).click()
        for (const id of ids) await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor({ state: 'detached' })
        const toast = page.locator(T('undo-toast'))
        await toast.waitFor({ state: 'visible' })
        assertIncludes(await page.locator(T('undo-toast-text')).innerText(), '2 conversations', 'the toast says what was done')
        await page.locator(T('undo-toast-undo')).click()
        await page.locator(`${T('undo-toast')}[data-state="undone"]`).waitFor()
        assertIncludes(await page.locator(T('undo-toast-text')).innerText(), 'Put 2 conversations back', 'the toast after Undo')
        for (const id of ids) await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor({ state: 'attached' })
        await page.waitForFunction((n) => Number(document.querySelector('[data-testid="conversation-list"]')?.getAttribute('data-total')) === n, before)
        await noErrorShown(page, 'after the bulk undo')
      },
    },
    {
      name: 'polish: Undo after a snooze wakes the conversation at once',
      async fn({ page, url }) {
        await start(page, url)
        const ids = await spareRowIds(page, inbox)
        const id = ids[ids.length - 3]
        assert(id, 'need a spare row')
        await openRow(page, id)
        await page.locator(T('action-snooze')).click()
        await page.locator(T('snooze-dialog')).waitFor({ state: 'visible' })
        await page.locator(T('snooze-option')).first().click()
        await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor({ state: 'detached' })
        await page.locator(`${SEL.thread} .thread-meta`, { hasText: 'Snoozed' }).waitFor()
        await page.locator(T('undo-toast')).waitFor({ state: 'visible' })
        // Ctrl+Z takes the offer too (outside text fields).
        await page.locator(SEL.thread).click({ position: { x: 5, y: 5 } })
        await page.keyboard.press('Control+z')
        await page.locator(`${T('undo-toast')}[data-state="undone"]`).waitFor()
        await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor({ state: 'attached' })
        await page.locator(`${SEL.thread}[data-id="${id}"] .thread-meta`, { hasText: 'Snoozed' }).waitFor({ state: 'detached' })
        await noErrorShown(page, 'after the snooze undo')
      },
    },
    {
      name: 'polish: the inbox, a conversation, the guide, a handle, the bulk bar and the snooze menu fit and read well, light and dark',
      async fn({ page, url }) {
        await start(page, url)
        await assertLooksRight(page, 'body', 'inbox')
        const ids = await spareRowIds(page, inbox)
        await openRow(page, ids[0])
        await page.locator(T('composer-input')).waitFor({ state: 'visible' })
        await assertLooksRight(page, 'body', 'conversation')
        await page.locator(T('open-guide')).click()
        await page.locator(T('guide-dialog')).waitFor({ state: 'visible' })
        await assertLooksRight(page, T('guide-dialog'), 'guide')
        await page.locator(T('guide-close')).click()
        await page.locator(T('guide-dialog')).waitFor({ state: 'detached' })
        await page.locator(SEL.thread).click({ position: { x: 5, y: 5 } })
        await page.keyboard.press('s')
        await page.locator(T('snooze-dialog')).waitFor({ state: 'visible' })
        await assertLooksRight(page, T('snooze-dialog'), 'snooze menu')
        await page.keyboard.press('Escape')
        await page.locator(T('snooze-dialog')).waitFor({ state: 'detached' })
        await page.locator(`${SEL.row}[data-id="${ids[1]}"] ${T('row-check')}`).check()
        await page.locator(T('bulk-bar')).waitFor({ state: 'visible' })
        await assertLooksRight(page, [T('bulk-bar'), '.list-pane'], 'bulk bar')
        await page.locator(T('bulk-clear')).click()
        await page.locator(T('bulk-bar')).waitFor({ state: 'hidden' })
        await page.locator(T('scope-handle')).first().click()
        await page.locator(T('handle-health')).waitFor({ state: 'visible' })
        await assertLooksRight(page, T('sidebar'), 'handle status')
        await page.locator(T('scope-all')).click()
      },
    },
    {
      name: 'polish: Deadlines, Reports, Tone and the connect dialog fit and read well, light and dark',
      async fn({ page, url }) {
        await start(page, url)
        await page.locator(T('view-deadline-settings')).click()
        const settings = page.locator(T('deadline-settings'))
        await settings.getByLabel('First response internal minutes').waitFor({ state: 'visible', timeout: WAIT_MS })
        await assertLooksRight(page, 'body', 'deadlines')
        await settings.locator(T('cal-always-open')).uncheck()
        await settings.locator(T('settings-moves')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await assertLooksRight(page, 'body', 'deadlines with hours')
        await settings.getByRole('button', { name: 'Discard changes' }).first().click()
        await page.locator(T('settings-close')).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })

        await page.locator(T('view-reports')).click()
        await page.locator(`${T('reports')} ${T('report-headline')}`).waitFor({ state: 'visible', timeout: WAIT_MS })
        await assertLooksRight(page, 'body', 'reports')
        await page.getByRole('button', { name: 'Back to the inbox' }).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })

        await page.locator(T('view-voice-settings')).click()
        await page.locator(T('voice-form')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await assertLooksRight(page, 'body', 'tone')

        await page.getByRole('button', { name: 'Back to the inbox' }).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })
        await page.locator(T('sidebar-add-handle')).click()
        const dialog = page.locator(T('add-handle-dialog'))
        await dialog.locator(T('choose-email')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await assertLooksRight(page, T('add-handle-dialog'), 'connect')
        await dialog.locator(T('choose-email')).click()
        await dialog.locator(T('email-preset-gmail')).click()
        await dialog.locator(T('app-password-steps')).waitFor({ state: 'visible' })
        await assertLooksRight(page, T('add-handle-dialog'), 'connect Gmail')
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
      },
    },
    {
      name: 'polish: working the queue in dark mode at 1280×800: open, reply, snooze, resolve and undo, nothing clipped, no error',
      async fn({ page, url }) {
        await page.emulateMedia({ colorScheme: 'dark' })
        await start(page, url)
        const problems = []
        const look = async (what) => problems.push(...(await lookProblems(page, 'body', what)))
        await look('the queue')
        const ids = await spareRowIds(page, inbox)
        const [a, b] = [ids[ids.length - 4], ids[ids.length - 5]]
        assert(a && b, 'need two spare rows')
        // Open and reply; the reply is held for the send delay, then Undo pulls it back.
        await openRow(page, a)
        await look('a conversation')
        const text = `Thanks, we are on it — walkthrough ${Date.now()}`
        await page.locator(T('composer-input')).fill(text)
        await page.locator(T('composer-send')).click()
        await page.locator(SEL.message, { hasText: text }).waitFor()
        await page.locator(T('undo-toast')).waitFor({ state: 'visible' })
        await look('a reply held for the send delay')
        await page.locator(T('undo-toast-undo')).click()
        await page.locator(`${T('undo-toast')}[data-state="undone"]`).waitFor()
        await page.locator(SEL.message, { hasText: text }).waitFor({ state: 'detached' })
        assert((await page.locator(T('composer-input')).inputValue()) === text, 'the pulled-back reply is in the composer again')
        await page.locator(T('composer-input')).fill('')
        // Snooze, then Undo.
        await page.locator(T('action-snooze')).click()
        await page.locator(T('snooze-dialog')).waitFor({ state: 'visible' })
        await look('the snooze menu')
        await page.locator(T('snooze-option')).first().click()
        await page.locator(`${SEL.row}[data-id="${a}"]`).waitFor({ state: 'detached' })
        await page.locator(T('undo-toast-undo')).click()
        await page.locator(`${T('undo-toast')}[data-state="undone"]`).waitFor()
        await page.locator(`${SEL.row}[data-id="${a}"]`).waitFor({ state: 'attached' })
        // Resolve another, then Undo.
        await openRow(page, b)
        await page.locator(T('action-resolve')).click()
        await page.locator(`${SEL.thread} .thread-meta`, { hasText: 'Resolved' }).waitFor()
        await look('a resolved conversation')
        await page.locator(T('undo-toast-undo')).click()
        await page.locator(`${T('undo-toast')}[data-state="undone"]`).waitFor()
        await page.locator(`${SEL.row}[data-id="${b}"]`).waitFor({ state: 'attached' })
        await look('the queue after the undos')
        await saveShot(page, 'polish-worked-queue-dark')
        await noErrorShown(page, 'after working the queue')
        assert(problems.length === 0, `${problems.length} problem(s):\n  ${problems.slice(0, 25).join('\n  ')}`)
        await page.emulateMedia({ colorScheme: 'light' })
      },
    },
  ]
}

/** The result of "Test connection" reads in plain words (no code, no JSON, no stack). */
async function plainResult(dialog, what) {
  const result = dialog.locator(T('connection-result'))
  await result.waitFor({ state: 'visible', timeout: 60_000 })
  const text = (await result.innerText()).trim()
  assert(text.length > 0 && !/undefined|\[object|panic|\{"code"|goroutine|\.go:\d/.test(text), `${what}: the test result reads ${JSON.stringify(text)}`)
  return text
}

/**
 * The "Done when" of issue 14 from a first run (an empty workspace), at
 * 1280×800 in dark mode. The e2e environment has no network and no doubles
 * for Gmail's servers or Telegram's Bot API, so each connection is exercised
 * up to its network call: the guided form is filled (the Gmail preset, the
 * app password, the bot token) and "Test connection" must answer in plain
 * words; a sign-in that was not accepted is never saved.
 */
export function firstRunTests() {
  return [
    {
      name: 'polish: a newcomer connects Gmail and a Telegram bot and sets Mon–Fri 9–17 with a 60-minute promise, dark, 1280×800',
      async fn({ page, url }) {
        await page.setViewportSize(SIZE)
        await page.emulateMedia({ colorScheme: 'dark' })
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
        await page.locator(T('onboarding')).waitFor({ state: 'visible', timeout: WAIT_MS })
        const problems = []
        const look = async (roots, what) => problems.push(...(await lookProblems(page, roots, what)))
        await look('body', 'onboarding')
        if ((await page.locator(T('scope-client')).count()) === 0) {
          await page.locator(T('client-name-input')).fill('Corner Bakery')
          await page.locator(T('create-client')).click()
          await page.locator(T('scope-client')).first().waitFor({ state: 'visible' })
        }

        // Gmail: the preset fills the servers and explains the app password.
        await page.locator(T('open-add-handle')).click()
        const dialog = page.locator(T('add-handle-dialog'))
        await dialog.locator(T('choose-email')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await look(T('add-handle-dialog'), 'the network choice')
        await dialog.locator(T('choose-email')).click()
        await dialog.locator(T('email-address')).fill('support.cornerbakery@gmail.com')
        await dialog.locator(T('email-preset-gmail')).click()
        await dialog.locator(T('app-password-steps')).waitFor({ state: 'visible' })
        assertIncludes(await dialog.locator(T('email-servers-summary')).innerText(), 'imap.gmail.com:993', 'the Gmail servers')
        await dialog.locator(T('field-password')).fill('abcd efgh ijkl mnop')
        await look(T('add-handle-dialog'), 'the Gmail setup')
        await saveShot(page, 'polish-walkthrough-gmail-dark')
        await dialog.locator(T('test-connection')).click()
        await plainResult(dialog, 'Gmail')
        await look(T('add-handle-dialog'), 'the Gmail test result')
        // The buttons stay in view after the answer.
        for (const b of [T('test-connection'), T('save-handle')]) {
          const box = await dialog.locator(b).boundingBox()
          assert(box && box.y >= 0 && box.y + box.height <= SIZE.height, `${b} is out of view after the test`)
        }

        // Telegram: the bot token from @BotFather.
        await dialog.locator(T('add-handle-back')).click()
        await dialog.locator(T('choose-telegram')).click()
        assertIncludes(await dialog.locator(T('add-handle-needs')).innerText(), 'BotFather', 'what Telegram needs')
        await dialog.locator(T('field-bot_token')).fill('123456789:AAE-not-a-real-token')
        await dialog.locator(T('test-connection')).click()
        await plainResult(dialog, 'Telegram')
        await look(T('add-handle-dialog'), 'the Telegram setup')
        await saveShot(page, 'polish-walkthrough-telegram-dark')
        await dialog.getByRole('button', { name: 'Cancel' }).click()
        await dialog.waitFor({ state: 'detached' })

        // Mon–Fri 9–17 with a 60-minute promise, saved. Nothing is connected
        // yet, so the onboarding leads there (a connected workspace has the Deadlines tab).
        await page.locator(T('onboarding-deadlines')).click()
        const settings = page.locator(T('deadline-settings'))
        const promise = settings.getByLabel('First response published minutes')
        await promise.waitFor({ state: 'visible', timeout: WAIT_MS })
        await look('body', 'the deadlines screen')
        const always = settings.locator(T('cal-always-open'))
        const save = settings.locator(T('settings-save'))
        const saved = settings.locator(`${T('settings-save-bar')}:not(.dirty)`)
        // A new client starts on defaults that are already in use, and the screen says so.
        assertIncludes(await settings.locator(T('calendar-section')).innerText(), 'in use until you change them', 'the default hours')
        if (await always.isChecked()) await always.uncheck()
        // First another choice, saved, so that Mon–Fri 9–17 is a change the owner makes and saves.
        await settings.locator(T('hours-preset-mon-fri-8-18')).click()
        await promise.fill('90')
        await save.click()
        await saved.waitFor({ timeout: WAIT_MS })
        await settings.locator(T('hours-preset-mon-fri-9-17')).click()
        await promise.fill('60')
        if (!(await settings.getByLabel('First response in business hours').isChecked())) await settings.getByLabel('First response in business hours').check()
        await settings.locator(T('settings-moves')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await look('body', 'the deadlines screen with hours')
        await saveShot(page, 'polish-walkthrough-deadlines-dark')
        await save.click()
        await saved.waitFor({ timeout: WAIT_MS })
        await noErrorShown(page, 'after saving the deadlines')
        // Kept: after a reload the screen shows what was saved.
        await page.reload({ waitUntil: 'domcontentloaded' })
        await page.locator(T('onboarding-deadlines')).click()
        await promise.waitFor({ state: 'visible', timeout: WAIT_MS })
        assert((await promise.inputValue()) === '60', `the promise reads ${await promise.inputValue()} after a reload`)
        assert(!(await always.isChecked()), 'the hours are not 24/7 after a reload')
        for (const d of [1, 2, 3, 4, 5]) assert((await settings.locator(T(`cal-day-${d}`)).inputValue()) === '09:00–17:00', `day ${d} reads ${await settings.locator(T(`cal-day-${d}`)).inputValue()}`)
        for (const d of [6, 0]) assert((await settings.locator(T(`cal-day-${d}`)).inputValue()) === '', `weekend day ${d} should be closed`)
        assert(!(await settings.locator(T('calendar-section')).innerText()).includes('in use until you change them'), 'the saved hours still read as the defaults')
        await page.locator(T('settings-close')).click()
        await page.locator(T('onboarding')).waitFor({ state: 'visible' })
        await noErrorShown(page, 'at the end')
        assert(problems.length === 0, `${problems.length} problem(s):\n  ${problems.slice(0, 25).join('\n  ')}`)
        await page.emulateMedia({ colorScheme: 'light' })
      },
    },
  ]
}
