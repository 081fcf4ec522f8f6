// Deadlines in a real browser against the real Go back end (issue 4): the
// countdown chip on the demo queue and in a thread, the "due soon" view and
// the settings screen with its preview. What a test saves it removes again,
// so the demo database stays as the other suites expect it.
import { assert, WAIT_MS } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const STATES = ['on_track', 'imminent', 'late', 'at_risk', 'breached', 'paused']

/** The first queue row that carries a deadline chip (the service computes them just after start). */
async function rowWithChip(page) {
  const row = page.locator(SEL.row).filter({ has: page.locator(T('deadline-chip')) }).first()
  try {
    await row.waitFor({ state: 'visible', timeout: WAIT_MS })
  } catch {
    const n = await page.locator(SEL.row).count()
    throw new Error(`none of the ${n} visible conversation-rows shows a deadline-chip; the demo's open conversations should all have a deadline`)
  }
  return row
}

export function tests() {
  return [
    {
      name: 'shows a countdown chip on the demo queue and in the thread',
      async fn({ page, url }) {
        await openInbox(page, url)
        const row = await rowWithChip(page)
        const chip = row.locator(T('deadline-chip'))
        const state = await chip.getAttribute('data-state')
        assert(STATES.includes(state ?? ''), `deadline-chip data-state is ${JSON.stringify(state)}, expected one of ${STATES.join(', ')}`)
        const label = (await chip.locator(T('deadline-label')).textContent())?.trim() ?? ''
        assert(/\d+(s|m|h|d)|paused/.test(label), `deadline-label ${JSON.stringify(label)} is not a countdown`)
        const title = (await chip.getAttribute('title')) ?? ''
        assert(/internal target .* promised by /.test(title), `the chip's title should name both marks, got ${JSON.stringify(title)}`)

        await row.click()
        const marks = page.locator(`${SEL.thread} ${T('deadline-marks')}`)
        await marks.waitFor({ state: 'visible', timeout: WAIT_MS })
        // Issue 14: in words, each phrase naming its target; no phrase starts with "·".
        const text = (await marks.textContent()) ?? ''
        assert(/clock paused/.test(text) || /promise (by|due in|missed at) /i.test(text), `the thread's deadline reads ${JSON.stringify(text)}`)
        const phrases = await marks.locator(T('deadline-phrase')).allTextContents()
        assert(phrases.every((p) => !p.trim().startsWith('·')), `a deadline phrase starts with "·": ${JSON.stringify(phrases)}`)
      },
    },
    {
      name: 'lists conversations in the due soon view',
      async fn({ page, url }) {
        await openInbox(page, url)
        await rowWithChip(page)
        await page.locator(T('view-due')).click()
        const view = page.locator(T('due-soon'))
        await view.waitFor({ state: 'visible' })
        await page.getByRole('button', { name: '24 hours' }).click()
        const first = view.locator(SEL.row).first()
        await first.waitFor({ state: 'visible', timeout: WAIT_MS })
        assert((await first.locator(T('deadline-chip')).count()) === 1, 'a due-soon row has no deadline-chip')
        await page.locator(T('view-inbox')).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })
      },
    },
    {
      name: 'edits a policy with a preview of the moved deadlines (not saved)',
      async fn({ page, url }) {
        await openInbox(page, url)
        await rowWithChip(page)
        await page.locator(T('view-deadline-settings')).click()
        const settings = page.locator(T('deadline-settings'))
        await settings.waitFor({ state: 'visible' })
        const internal = settings.getByLabel('First response internal minutes')
        await internal.waitFor({ state: 'visible', timeout: WAIT_MS })
        assert((await internal.inputValue()) === '30', `a demo client's first-response target should be the default 30, got ${await internal.inputValue()}`)
        // The sample clients answer around the clock, so the demo's clocks run at any hour.
        const always = settings.locator(T('cal-always-open'))
        assert(await always.isChecked(), 'a demo client calendar should be 24/7')
        await always.uncheck()
        const monday = settings.locator(T('cal-day-1'))
        await monday.waitFor({ state: 'visible', timeout: WAIT_MS })
        await always.check()

        await internal.fill('20')
        const moves = settings.locator(T('policy-moves'))
        await moves.waitFor({ state: 'visible', timeout: WAIT_MS })
        const text = (await moves.textContent()) ?? ''
        assert(/would move|No open conversation/.test(text), `the preview reads ${JSON.stringify(text)}`)
        await settings.getByRole('button', { name: 'Discard changes' }).first().click()
        await page.locator(T('settings-close')).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })
      },
    },
    {
      name: 'customizes a handle policy with a preview, then removes the override',
      async fn({ page, url }) {
        await openInbox(page, url)
        await rowWithChip(page)
        await page.locator(T('view-deadline-settings')).click()
        const settings = page.locator(T('deadline-settings'))
        await settings.waitFor({ state: 'visible' })
        const policy = settings.locator(T('policy-section'))
        const handleSelect = policy.locator(T('policy-scope-handle'))
        await handleSelect.waitFor({ state: 'visible', timeout: WAIT_MS })
        const options = handleSelect.locator('option')
        assert((await options.count()) >= 2, 'the policy scope picker lists no handle of the demo client')
        const handleId = await options.nth(1).getAttribute('value')
        await handleSelect.selectOption(handleId ?? '')

        const state = policy.locator(T('policy-scope-state'))
        await state.waitFor({ state: 'visible', timeout: WAIT_MS })
        const inherited = (await state.textContent()) ?? ''
        assert((await state.getAttribute('data-own')) === 'false', `a demo handle should have no policy of its own, got ${JSON.stringify(inherited)}`)
        assert(/Inherits the client's policy/.test(inherited), `the inherited scope reads ${JSON.stringify(inherited)}`)
        const internal = policy.getByLabel('First response internal minutes')
        assert(await internal.isDisabled(), 'an inherited policy should be read-only until customized')

        await policy.locator(T('policy-customize')).click()
        await internal.fill('15')
        const moves = policy.locator(T('policy-moves'))
        await moves.waitFor({ state: 'visible', timeout: WAIT_MS })
        const text = (await moves.textContent()) ?? ''
        assert(/would move|No open conversation/.test(text), `the handle preview reads ${JSON.stringify(text)}`)
        await policy.locator(T('policy-save')).click()

        const own = policy.locator(`${T('policy-scope-state')}[data-own="true"]`)
        await own.waitFor({ state: 'visible', timeout: WAIT_MS })
        assert(/Customized for /.test((await own.textContent()) ?? ''), `the saved scope reads ${JSON.stringify(await own.textContent())}`)
        assert((await internal.inputValue()) === '15', `the handle's saved first-response target reads ${await internal.inputValue()}`)
        const label = (await handleSelect.locator(`option[value="${handleId}"]`).textContent()) ?? ''
        assert(/customized/.test(label), `the handle is not marked as customized in the picker: ${JSON.stringify(label)}`)
        assert((await policy.locator(T('policy-overrides')).count()) === 1, 'the list of overrides is missing')

        await policy.locator(T('policy-remove')).click()
        await policy.locator(`${T('policy-scope-state')}[data-own="false"]`).waitFor({ state: 'visible', timeout: WAIT_MS })
        assert((await internal.inputValue()) === '30', `after removing the override the handle should inherit 30, got ${await internal.inputValue()}`)
        assert((await policy.locator(T('policy-overrides')).count()) === 0, 'an override is still listed after removing it')
        await page.locator(T('settings-close')).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })
      },
    },
    {
      name: "shows a conversation's deadline history in the thread",
      async fn({ page, url }) {
        await openInbox(page, url)
        const row = await rowWithChip(page)
        await row.click()
        const history = page.locator(`${SEL.thread} ${T('deadline-history')}`)
        await history.waitFor({ state: 'visible', timeout: WAIT_MS })
        await history.locator('summary').click()
        const list = history.locator(T('deadline-history-list'))
        await list.waitFor({ state: 'visible', timeout: WAIT_MS })
        await list.locator(`${T('deadline-event')}, li:has-text("No deadline changes yet")`).first().waitFor({ state: 'visible', timeout: WAIT_MS })
        const text = (await list.textContent()) ?? ''
        assert(/Response:|Resolution:|No deadline changes yet/.test(text), `the history reads ${JSON.stringify(text)}`)
      },
    },
  ]
}
