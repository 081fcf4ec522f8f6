// Satisfaction follow-up (issue 12, item 1) in Chromium against the real Go
// back end: CSAT is enabled for a client in "Tone & guide…", a Facebook DM is
// resolved and the survey is queued on Messenger (a message in the thread),
// then the customer's "5" arrives — played through the demo-only
// CSATAPI.DemoCustomerWrites hook, which ingests it the way a sync would —
// and the score is shown in the conversation and the customer view.
import { assert } from './harness.mjs'
import { openInbox } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`

/** A Facebook DM of the demo not surveyed yet (the workspace is kept across runs). */
async function unsurveyedMessengerDM(page) {
  return page.evaluate(async () => {
    const go = window.go.app
    const page = await go.InboxAPI.ListConversations({ network: 'facebook' }, 0, 500)
    for (const c of page.items) {
      if (c.kind !== 'private' || !c.customerId) continue
      const s = await go.CSATAPI.Survey(c.id)
      if (s.state === 'none') return { id: c.id, clientId: c.clientId, handleId: c.handleId }
    }
    return null
  })
}

export function tests() {
  return [
    {
      name: 'csat: resolving a Facebook DM queues the survey on Messenger and the answer "5" shows the score',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const conv = await unsurveyedMessengerDM(page)
        assert(conv, 'the demo has a Facebook DM that was never surveyed')

        // Enable the survey for the conversation's client.
        await page.locator(T('view-voice-settings')).click()
        await page.locator(T('voice-settings')).waitFor({ state: 'visible' })
        await page.locator(T('voice-client')).selectOption(String(conv.clientId))
        const form = page.locator(T('csat-settings'))
        await form.waitFor({ state: 'visible' })
        await form.locator(T('csat-enabled')).check()
        await form.locator(T('csat-trigger')).selectOption('resolve')
        await form.locator(T('csat-question')).fill('How did we do? Reply 1 to 5.')
        await form.locator(T('csat-quiet-days')).fill('0')
        await form.locator(T('csat-save')).click()
        await form.locator(T('csat-saved')).waitFor({ state: 'visible' })
        await page.locator(T('voice-settings-close')).click()

        // The customer writes (inside Meta's 24-hour window), the agent resolves.
        await page.evaluate((id) => window.go.app.CSATAPI.DemoCustomerWrites(id, 'Is my order coming today?'), conv.id)
        await page.locator(`${T('scope-handle')}[data-id="${conv.handleId}"]`).click()
        const row = page.locator(`${T('conversation-row')}[data-id="${conv.id}"]`)
        await row.waitFor({ state: 'visible' })
        await row.click()
        const thread = page.locator(`${T('thread')}[data-id="${conv.id}"]`)
        await thread.waitFor({ state: 'visible' })
        await thread.locator(T('action-resolve')).click()

        // The survey is queued on the same channel: a message in the thread.
        const survey = thread.locator(T('message'), { hasText: 'How did we do? Reply 1 to 5.' })
        await survey.waitFor({ state: 'visible', timeout: 20_000 })
        const author = await survey.locator('.msg-author').textContent()
        assert(author === 'Satisfaction survey', `the survey's author is ${JSON.stringify(author)}`)
        const delivery = await survey.locator(T('delivery')).textContent()
        assert(/queued|sending|sent/i.test(delivery ?? ''), `the survey is queued or sent, got ${JSON.stringify(delivery)}`)
        await thread.locator(`${T('csat-badge')}[data-state="asked"]`).waitFor({ state: 'visible' })

        // The customer answers "5": the score shows and the conversation stays resolved.
        await page.evaluate((id) => window.go.app.CSATAPI.DemoCustomerWrites(id, '5'), conv.id)
        const badge = thread.locator(`${T('csat-badge')}[data-state="answered"]`)
        await badge.waitFor({ state: 'visible' })
        const text = await badge.textContent()
        assert(text === 'Rated 5/5', `the badge reads ${JSON.stringify(text)}`)
        await thread.locator(T('action-reopen')).waitFor({ state: 'visible' }) // still resolved

        await thread.locator(T('open-customer')).click()
        const score = page.locator(`${T('customer-view')} ${T('customer-csat-score')}`)
        await score.waitFor({ state: 'visible' })
        const scoreText = await score.textContent()
        assert(/100% satisfied/.test(scoreText ?? ''), `the customer view reads ${JSON.stringify(scoreText)}`)
      },
    },
  ]
}
