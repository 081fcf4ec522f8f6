// Tone of voice and the guide (issue 12) in Chromium against the real Go back
// end: a client's avoided word set in "Tone & guide…" is flagged in the
// composer as it is typed (and does not block sending), and the workspace
// guide — edited with HTML and a javascript: link in it — renders as text
// structure with no HTML injection, then goes back to the starter guide.
import { assert, assertIncludes } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`

const PHRASE = 'per our policy'
const INJECTED = [
  '# Escalation <em>now</em>',
  '',
  '<script>window.__pwned = 1</script>',
  '',
  'Hi <img src=x onerror="window.__pwned = 2"> there, see [the policy](https://example.com/policy) or [this](javascript:window.__pwned=3).',
  '',
  '- first',
  '- **second**',
].join('\n')

async function openVoiceSettings(page, url) {
  await openInbox(page, url)
  await page.locator(T('view-voice-settings')).click()
  await page.locator(T('voice-settings')).waitFor({ state: 'visible' })
}

/** Gives every client the avoided phrase (once: the list is kept across runs). */
async function avoidEverywhere(page) {
  const values = await page.locator(`${T('voice-client')} option`).evaluateAll((os) => os.map((o) => o.value))
  assert(values.length > 0, 'the demo workspace has clients')
  for (const v of values) {
    await page.locator(T('voice-client')).selectOption(v)
    const form = page.locator(T('voice-form'))
    await form.waitFor({ state: 'visible' })
    const phrases = await form.locator(T('voice-avoid-phrase')).evaluateAll((is) => is.map((i) => i.value.toLowerCase()))
    if (phrases.includes(PHRASE)) continue
    await form.locator(T('voice-add-avoid')).click()
    await form.locator(T('voice-avoid-phrase')).last().fill(PHRASE)
    await form.locator(T('voice-avoid-alternative')).last().fill('we usually')
    await form.locator(T('voice-save')).click()
    await form.locator('.inline-ok', { hasText: 'Saved' }).waitFor({ state: 'visible' })
  }
}

export function tests() {
  return [
    {
      name: 'tone: an avoided word is flagged in the composer as it is typed',
      fn: async ({ page, url }) => {
        await openVoiceSettings(page, url)
        await avoidEverywhere(page)
        await page.locator(T('voice-settings-close')).click()
        await page.locator(SEL.row).first().waitFor({ state: 'visible' })
        await page.locator(SEL.row).first().click()
        const input = page.locator(T('composer-input'))
        await input.waitFor({ state: 'visible' })
        await input.fill('Per our   policy, refunds take five days. A policymaker said so.')
        const flags = page.locator(T('avoided-words'))
        await flags.waitFor({ state: 'visible' })
        const text = await flags.textContent()
        assertIncludes(text, '“Per our   policy”', 'the flag quotes the words as typed')
        assertIncludes(text, '“we usually”', 'the flag suggests the alternative')
        assert((await flags.locator(T('avoided-word')).count()) === 1, 'one flag: "policymaker" is not "policy"')
        assert(await page.locator(T('composer-send')).isEnabled(), 'an avoided word does not block sending')
        await input.fill('Thanks for waiting, refunds take five days.')
        await flags.waitFor({ state: 'detached' })
        await input.fill('')
      },
    },
    {
      name: 'guide: edited Markdown renders as text structure, with no HTML injection, and resets',
      fn: async ({ page, url, dialogs }) => {
        await openVoiceSettings(page, url)
        const editor = page.locator(T('guide-editor'))
        await editor.locator(T('guide-input')).fill(INJECTED)
        await editor.locator(T('guide-save')).click()
        await editor.locator(T('guide-reset')).waitFor({ state: 'visible' })
        await page.locator(T('voice-settings-close')).click()
        await page.locator(SEL.row).first().click()
        await page.locator(T('open-guide')).click()
        const guide = page.locator(T('guide-dialog'))
        await guide.waitFor({ state: 'visible' })
        const md = guide.locator(T('markdown'))
        assert((await md.locator('h2').textContent()) === 'Escalation <em>now</em>', 'the heading is a heading, its HTML text')
        assert((await md.locator('li strong').textContent()) === 'second', 'lists and emphasis render')
        assert((await md.locator('script, img, iframe, em').count()) === 0, 'no element from the HTML in the guide')
        const body = await md.textContent()
        assertIncludes(body, '<script>window.__pwned = 1</script>', 'the script shows as text')
        assertIncludes(body, '<img src=x onerror="window.__pwned = 2">', 'the image tag shows as text')
        const links = await md.locator('a').evaluateAll((as) => as.map((a) => ({ href: a.getAttribute('href'), rel: a.getAttribute('rel') })))
        assert(links.length === 1 && links[0].href === 'https://example.com/policy', `only the https link is a link: ${JSON.stringify(links)}`)
        assertIncludes(links[0].rel, 'noopener', 'the link has rel=noopener')
        assert((await page.evaluate(() => window.__pwned)) === undefined, 'nothing in the guide ran')
        assert(dialogs.length === 0, `no dialog opened: ${dialogs.join('; ')}`)
        await page.keyboard.press('Escape')
        await guide.waitFor({ state: 'detached' })

        // Back to the starter guide the app ships.
        await page.locator(T('view-voice-settings')).click()
        await editor.locator(T('guide-reset')).click()
        await editor.locator(T('guide-reset-confirm')).click()
        // The confirm button goes when the reset is done ("guide-reset" is already gone while confirming).
        await editor.locator(T('guide-reset-confirm')).waitFor({ state: 'detached' })
        await editor.locator(T('guide-reset')).waitFor({ state: 'detached' })
        assertIncludes(await editor.locator(T('guide-preview')).textContent(), 'Close in public', 'the starter guide is back')
      },
    },
  ]
}
