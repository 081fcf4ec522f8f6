// A newcomer's first run, in an empty workspace of their own (not the demo):
// the onboarding, the first client, and the connect-a-handle form with its
// plain-words test of the connection.
import { WAIT_MS, assert, assertIncludes } from './harness.mjs'

const T = (id) => `[data-testid="${id}"]`

export function tests() {
  return [
    {
      name: 'first run: onboarding, a first client, connecting a handle in plain words',
      async fn({ page, url }) {
        await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
        const onboarding = page.locator(T('onboarding'))
        await onboarding.waitFor({ state: 'visible', timeout: WAIT_MS })
        assert((await page.locator(T('demo-banner')).count()) === 0, 'a real workspace must not say it is the demo')
        assert((await page.locator(T('keychain-banner')).count()) === 0, 'the keychain of this session works: no keychain warning')
        const networks = (await page.locator(T('onboarding-networks')).innerText()).toLowerCase()
        for (const n of ['x', 'facebook', 'instagram', 'linkedin', 'mastodon', 'bluesky', 'e-mail', 'telegram']) {
          assertIncludes(networks, n, 'the networks the onboarding lists')
        }

        await page.locator(T('client-name-input')).fill('Bakery <b>Lumière</b>')
        await page.locator(T('create-client')).click()
        const sidebar = page.locator(T('sidebar'))
        await sidebar.getByText('Bakery <b>Lumière</b>').waitFor({ state: 'visible', timeout: WAIT_MS })

        await page.locator(T('open-add-handle')).click()
        const dialog = page.locator(T('add-handle-dialog'))
        await dialog.waitFor({ state: 'visible' })
        // The networks arrive with a query: wait for them rather than read the list at once (a loaded machine
        // answers later, and an empty list then is a race of the test, not a fault of the form).
        const choices = dialog.locator(`${T('network-choices')} button`)
        await choices.nth(7).waitFor({ state: 'attached', timeout: WAIT_MS }).catch(() => {})
        const options = await choices.allInnerTexts()
        assert(options.length === 8, `the form offers every network, got ${JSON.stringify(options)}`)
        // The easy ones come first (issue 14): e-mail, Telegram, Mastodon, Bluesky.
        assert(/e-mail/i.test(options[0]) && /telegram/i.test(options[1]), `the easiest networks should lead, got ${JSON.stringify(options)}`)

        await dialog.locator(T('choose-telegram')).click()
        assertIncludes(await dialog.locator(T('add-handle-needs')).innerText(), 'BotFather', 'what Telegram needs')
        const token = dialog.locator(T('field-bot_token'))
        assert((await token.getAttribute('type')) === 'password', 'a token is typed into a password field')
        await token.fill('123456:not-a-real-token')
        await dialog.locator(T('test-connection')).click()
        const result = dialog.locator(T('connection-result'))
        await result.waitFor({ state: 'visible', timeout: 60_000 })
        const text = (await result.innerText()).trim()
        assert(text.length > 0 && !/undefined|\[object|panic|{"code"/.test(text), `the test result reads in plain words: ${JSON.stringify(text)}`)

        // A sign-in the network did not accept is never saved.
        await dialog.locator(T('save-handle')).click()
        const refused = dialog.locator(T('add-handle-error'))
        await refused.waitFor({ state: 'visible', timeout: 60_000 })
        // The error came through app.FormatError as {code, message}: only the message is shown.
        const refusedText = (await refused.innerText()).trim()
        assert(refusedText.length > 0 && !/undefined|\[object|{"code"/.test(refusedText), `the refusal reads in plain words: ${JSON.stringify(refusedText)}`)
        await dialog.getByRole('button', { name: 'Cancel' }).click()
        assert((await page.locator(T('scope-handle')).count()) === 0, 'no handle was added')
        await sidebar.getByText('No handles yet').waitFor({ state: 'visible' })
      },
    },
  ]
}
