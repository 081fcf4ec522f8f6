// Conversation view and sending (issue 14 items 4 and 5) in Chromium against
// the real Go back end: undo send (the reply held in the outbox for the send
// delay, 10 s by default), a reply that goes out once the window passes,
// Undo after resolving, and a very long message shown with a loading state
// and "Show all". Each runs at 1280×800 and 1024×700 on its own conversation
// (rows past the CLI's top ten, which the other suites use), and keeps a
// screenshot of what it checked in the artifacts directory.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { assert, assertIncludes, WAIT_MS } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
]
const SHOTS = path.join(process.env.E2E_SHOTS || process.env.E2E_ARTIFACTS || os.tmpdir(), 'compose')

async function shot(page, name, vp) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}-${vp.width}x${vp.height}.png`), timeout: 10_000 })
}

/** Opens the n-th visible row past the CLI's top ten (a conversation no other suite touches). */
async function openNth(page, n) {
  const rows = page.locator(SEL.row)
  await rows.first().waitFor({ state: 'visible', timeout: WAIT_MS })
  if (!(await rows.nth(10 + n).isVisible())) {
    // A short viewport shows fewer rows: scroll the list to reach it (rather
    // than wait out a timeout for a row that cannot appear on its own).
    await page.locator(SEL.list).evaluate((el) => el.scrollBy(0, 2000))
  }
  await rows.nth(10 + n).waitFor({ state: 'visible', timeout: WAIT_MS })
  const row = rows.nth(10 + n)
  const id = await row.getAttribute('data-id')
  await row.click()
  await page.locator(`${SEL.thread}[data-id="${id}"]:not([data-loading])`).waitFor({ state: 'visible' })
  return id
}

/**
 * Opens the n-th distinct e-mail conversation that search finds for "order"
 * (e-mail has no length limit). Search rather than the list: the list is
 * virtual and its order moves as the other tests work it.
 */
async function openEmail(page, n) {
  await page.locator(T('search-input')).fill('order')
  await page.locator(T('search-network')).selectOption('email')
  await page.waitForFunction(() => {
    const hs = [...document.querySelectorAll('[data-testid="search-hit"]')]
    return hs.length > 0 && hs.every((h) => h.getAttribute('data-network') === 'email')
  })
  const ids = [...new Set(await page.locator(T('search-hit')).evaluateAll((hs) => hs.map((h) => h.getAttribute('data-conversation-id'))))]
  assert(ids[n], `search finds ${ids.length} e-mail conversations about "order", need ${n + 1}`)
  await page.locator(`${T('search-hit')}[data-conversation-id="${ids[n]}"]`).first().click()
  await page.locator(`${SEL.thread}[data-id="${ids[n]}"]:not([data-loading])`).waitFor()
  return ids[n]
}

export function tests() {
  const out = []
  VIEWPORTS.forEach((vp, i) => {
    const size = `${vp.width}×${vp.height}`
    // Conversations per viewport, so the two runs never share one.
    const base = i * 4
    out.push(
      {
        name: `compose: undo send (${size}): Undo within the delay — the reply is pulled back and never sent`,
        async fn({ page, url }) {
          await page.setViewportSize(vp)
          await openInbox(page, url)
          await openNth(page, base)
          const text = `Undo me — e2e ${Date.now()}`
          await page.locator(T('composer-input')).fill(text)
          await page.locator(T('composer-send')).click()
          const msg = page.locator(SEL.message, { hasText: text })
          await msg.waitFor()
          const toast = page.locator(T('undo-toast'))
          await toast.waitFor()
          assert(/^Sending in \d+ s$/.test(await page.locator(T('undo-toast-text')).innerText()), 'the toast counts down to the send')
          assert((await msg.locator(T('held-reply')).count()) === 1, 'the held reply shows its own Undo')
          await shot(page, 'undo-send-offered', vp)
          await page.locator(T('undo-toast-undo')).click()
          await page.locator(`${T('undo-toast')}[data-state="undone"]`).waitFor()
          await msg.waitFor({ state: 'detached' })
          assert((await page.locator(T('composer-input')).inputValue()) === text, 'the pulled-back text is in the composer again')
          await shot(page, 'undo-send-undone', vp)
          // A second reply, queued after it, goes out: by then the undone
          // one's window is long over, and it never came back or went out.
          const later = `Sent after the undo — e2e ${Date.now()}`
          await page.locator(T('composer-input')).fill(later)
          await page.locator(T('composer-send')).click()
          await page.locator(SEL.message, { hasText: later }).locator(T('delivery'), { hasText: /^Sent$/ }).waitFor({ timeout: WAIT_MS })
          assert((await page.locator(SEL.message, { hasText: text }).count()) === 0, 'the undone reply came back after its window')
        },
      },
      {
        name: `compose: undo send (${size}): without Undo the reply is sent after the delay`,
        async fn({ page, url }) {
          await page.setViewportSize(vp)
          await openInbox(page, url)
          await openNth(page, base + 1)
          const text = `Send me — e2e ${Date.now()}`
          await page.locator(T('composer-input')).fill(text)
          await page.locator(T('composer-send')).click()
          const msg = page.locator(SEL.message, { hasText: text })
          await msg.waitFor()
          assertIncludes(await msg.locator(T('delivery')).innerText(), 'Queued', 'held in the outbox')
          await shot(page, 'send-held', vp)
          // The demo network confirms the reply once the window has passed.
          await msg.locator(T('delivery'), { hasText: /^Sent$/ }).waitFor({ timeout: WAIT_MS })
          assert((await msg.locator(T('held-reply')).count()) === 0, 'a sent reply offers no Undo')
          await shot(page, 'send-sent', vp)
        },
      },
      {
        name: `compose: undo resolve (${size}): Undo puts the conversation back as it was`,
        async fn({ page, url }) {
          await page.setViewportSize(vp)
          await openInbox(page, url)
          const id = await openNth(page, base + 2)
          const before = await page.locator(`${SEL.thread} .status-chip`).innerText()
          await page.locator(T('action-resolve')).click()
          await page.locator(`${SEL.thread} .thread-meta`, { hasText: 'Resolved' }).waitFor()
          assert((await page.locator(T('undo-toast-text')).innerText()) === 'Resolved the conversation', 'the toast says what was done')
          await shot(page, 'resolve-offered', vp)
          await page.locator(T('undo-toast-undo')).click()
          await page.locator(`${T('undo-toast')}[data-state="undone"]`).waitFor()
          await page.locator(`${SEL.thread}[data-id="${id}"] .status-chip`, { hasText: before }).waitFor()
          await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor()
          await shot(page, 'resolve-undone', vp)
        },
      },
      {
        name: `compose: long message (${size}): a loading state at once, then the first part and Show all`,
        async fn({ page, url }) {
          await page.setViewportSize(vp)
          await openInbox(page, url)
          const id = await openEmail(page, i)
          // A 400 KB reply makes the conversation heavy to load.
          const long = `Long e2e ${Date.now()} ` + 'lorem ipsum dolor sit amet '.repeat(15_000)
          await page.locator(T('composer-input')).evaluate((el, v) => {
            const set = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set
            set.call(el, v)
            el.dispatchEvent(new Event('input', { bubbles: true }))
          }, long)
          await page.locator(T('composer-send')).click()
          await page.locator(T('message-show-all')).last().waitFor()
          // Opened afresh (a new page: nothing cached), the loading state
          // shows at once, before the heavy conversation arrives.
          await openInbox(page, url)
          const token = long.slice(0, long.indexOf(' ', 9)) // "Long e2e <ms>"
          await page.locator(T('search-input')).fill(token.split(' ')[2])
          const hit = page.locator(`${T('search-hit')}[data-conversation-id="${id}"]`).first()
          await hit.waitFor()
          await page.evaluate((want) => {
            window.__sawLoading = false
            new MutationObserver(() => {
              const t = document.querySelector('[data-testid="thread"][data-loading="true"]')
              if (t && t.getAttribute('data-id') === want && t.querySelector('[data-testid="thread-loading"]')) window.__sawLoading = true
            }).observe(document.body, { subtree: true, childList: true, attributes: true })
          }, id)
          await hit.click()
          const showAll = page.locator(`${SEL.thread}[data-id="${id}"] ${T('message-show-all')}`).last()
          await showAll.waitFor()
          assert(await page.evaluate(() => window.__sawLoading), 'no loading state was shown while the conversation loaded')
          const body = page.locator(SEL.message, { hasText: long.slice(0, 30) }).locator(T('message-text'))
          const shown = (await body.textContent()).length
          assert(shown < 25_000, `the long body should show only its first part, shows ${shown} characters`)
          assertIncludes(await showAll.innerText(), 'Show all', 'the button')
          await shot(page, 'long-message-preview', vp)
          await showAll.click()
          await page.waitForFunction((n) => {
            const all = [...document.querySelectorAll('[data-testid="message-text"]')]
            return all.some((el) => el.textContent.length >= n)
          }, long.trim().length)
          await shot(page, 'long-message-all', vp)
        },
      },
    )
  })
  return out
}
