// The Listening view in a real browser against the real Go back end (issue
// 16), on the demo workspace, whose networks "find" labelled sample posts:
// see the last day's surges (the demo's sample one), create a search, see
// its results, reply to one (a conversation on the handle that found it,
// opened in the inbox), mute a word (its results disappear). It changes
// the demo database (a search, a conversation, a mute), so run.mjs runs it
// last.
import { assertLooksRight } from './clipping.mjs'
import { assert, WAIT_MS } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`

export function tests() {
  return [
    {
      name: 'listening: lists surges, creates a search, shows results, replies to one on its handle, mutes a word',
      async fn({ page, url }) {
        await openInbox(page, url)
        await page.locator(T('view-listening')).click()
        const view = page.locator(T('listening'))
        await view.waitFor({ state: 'visible' })

        // The last day's surges are listed whatever the desktop showed: the
        // demo's sample surge in a handle's mentions (delivered, so no note
        // that it was not; no "Show results": mentions are in the inbox).
        const surge = view.locator(T('listen-spike')).filter({ hasText: '(sample)' })
        await surge.first().waitFor({ state: 'visible', timeout: WAIT_MS })
        assert(/Mentions of .+ are surging/.test((await surge.first().textContent()) ?? ''), 'the sample surge does not say what surged')
        assert((await surge.locator(T('listen-spike-undelivered')).count()) === 0, 'the delivered sample surge reads as undelivered')
        assert((await surge.locator(T('listen-spike-show')).count()) === 0, 'a handle\'s surge offers search results')
        await assertLooksRight(page, T('listen-spikes'), 'listening surges')

        await view.locator(T('listen-new')).click()
        await view.locator(T('listen-terms')).fill('Acme')
        await view.locator(T('listen-name')).fill('Brand mentions')
        await view.locator(T('listen-save')).click()
        await view.locator(T('listen-search')).filter({ hasText: 'Brand mentions' }).waitFor({ state: 'visible', timeout: WAIT_MS })

        // Results appear (the loop runs the new search at once), labelled sample data.
        const results = view.locator(T('listen-result'))
        const zipper = results.filter({ hasText: 'My Acme order arrived with a broken zipper' }).first()
        await zipper.waitFor({ state: 'visible', timeout: WAIT_MS })
        assert(await zipper.locator(T('listen-sample')).isVisible(), 'a sample post is not labelled as sample data')
        assert((await zipper.locator(T('listen-sentiment')).textContent()) === 'Negative', 'the complaint does not read negative')
        const backpack = results.filter({ hasText: 'backpack' })
        assert((await backpack.count()) > 0, 'no result mentions the backpack')

        // Reply: the post becomes a conversation on the handle that found it.
        const via = ((await zipper.locator(T('listen-via')).textContent()) ?? '').replace(/^via\s*/, '').trim()
        assert(via !== '', 'the result does not say which handle found it')
        const repliedId = await zipper.getAttribute('data-result-id')
        await zipper.locator(T('listen-reply')).click()
        const thread = page.locator(SEL.thread)
        await thread.filter({ hasText: 'broken zipper' }).waitFor({ state: 'visible', timeout: WAIT_MS })
        const meta = (await thread.locator('.thread-meta').textContent()) ?? ''
        assert(meta.includes(via), `the conversation is not on ${via}: ${meta}`)
        assert(/Mastodon|Bluesky/.test(meta), `the conversation is not on a network that was searched: ${meta}`)

        // Back in Listening, the answered post is handled (hidden); mute a word.
        await page.locator(T('view-listening')).click()
        await view.waitFor({ state: 'visible' })
        await results.first().waitFor({ state: 'visible', timeout: WAIT_MS })
        await page.waitForFunction(
          (id) => !document.querySelector(`[data-testid="listen-result"][data-result-id="${id}"]`),
          repliedId,
          { timeout: WAIT_MS },
        )
        const before = await results.count()
        await view.locator(T('listen-mute-word')).fill('backpack')
        await view.locator(T('listen-mute-word-go')).click()
        await page.waitForFunction(
          () => ![...document.querySelectorAll('[data-testid="listen-result"]')].some((r) => r.textContent.toLowerCase().includes('backpack')),
          null,
          { timeout: WAIT_MS },
        )
        assert((await results.count()) < before, 'muting a word left every result')
        // The mutes list refetches on its own; wait for it rather than read it at once.
        const muted = view.locator(T('listen-mute')).filter({ hasText: 'backpack' })
        await muted.first().waitFor({ state: 'visible', timeout: WAIT_MS }).catch(() => {})
        assert((await muted.count()) === 1, 'the muted word is not listed')
      },
    },
  ]
}
