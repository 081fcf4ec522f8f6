// Importing an official archive (issue 15): "Import archive…" on an e-mail
// handle of the demo workspace, a progress bar, the summary, then a search
// for a word of the archive opens the imported message.
//
// The native file picker cannot be driven in the browser the e2e suite
// uses, so the test replaces the bound PickArchive in the page
// (window.go.app.ImportAPI.PickArchive, which the generated wrapper calls at
// call time) with one that answers the fixture's path; everything after it
// — StartImport, the import itself, its events — is the real back end.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { assert, assertIncludes } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const FIXTURE = path.resolve('backend/archive/formats/testdata/mail.mbox')
// The fixture's three mails import in milliseconds: its running state could
// come and go between two renders, and the bar never be on screen. One
// thread of THREAD more mails makes the import last a few batches.
const THREAD = 2500

/** The fixture followed by one long thread of one customer's mails, in a temp file. */
function archive() {
  const dir = fs.mkdtempSync(path.join(process.env.E2E_TMP || os.tmpdir(), 'careinbox-e2e-import-'))
  const file = path.join(dir, 'mail.mbox')
  const mails = [fs.readFileSync(FIXTURE, 'utf8').trimEnd() + '\n\n']
  for (let i = 0; i < THREAD; i++) {
    const refs = i === 0 ? '' : 'In-Reply-To: <bulk-0@example.invalid>\nReferences: <bulk-0@example.invalid>\n'
    mails.push(
      `From carla@example.invalid Wed Jan 10 09:00:00 2024\nMessage-ID: <bulk-${i}@example.invalid>\n${refs}From: Carla <carla@example.invalid>\n` +
        `To: help@bakery.example\nSubject: Sourdough standing order\nDate: Wed, 10 Jan 2024 09:${String(i % 60).padStart(2, '0')}:00 +0000\n\n` +
        `Standing order note ${i}: one sourdough loaf.\n\n`,
    )
  }
  fs.writeFileSync(file, mails.join(''))
  return { dir, file }
}

export function tests() {
  return [
    {
      name: 'import archive: an mbox into an e-mail handle with a progress bar, then search finds and opens it',
      fn: async ({ page, url }) => {
        const { dir, file } = archive()
        await openInbox(page, url)
        const handle = page.locator(`${T('scope-handle')}[title*="on E-mail"]`).first()
        await handle.waitFor()
        await handle.click()
        await page.locator(T('import-archive-open')).click()
        await page.locator(T('import-archive')).waitFor()
        await page.evaluate((p) => {
          window.go.app.ImportAPI.PickArchive = () => Promise.resolve(p)
          // Remember whether the bar was on screen while the import ran.
          window.__importBarSeen = false
          new MutationObserver(() => {
            if (document.querySelector('[data-testid="import-status"][data-running="true"] [role="progressbar"]')) window.__importBarSeen = true
          }).observe(document.body, { subtree: true, childList: true, attributes: true })
        }, file)
        await page.locator(T('import-choose-file')).click()
        await page.locator(`${T('import-status')}[data-running="false"]`).waitFor()
        assert(await page.evaluate(() => window.__importBarSeen), 'the progress bar was shown while importing')
        assert((await page.locator(T('import-progress')).getAttribute('aria-valuenow')) === '100', 'the bar ends full')
        const counts = await page.locator(T('import-counts')).innerText()
        // 2503 as the page's locale writes it (2,503 or 2 503).
        const total = String(3 + THREAD).replace(/^(\d)(\d{3})$/, '$1\\D?$2')
        assert(new RegExp(`Imported: 3 conversations · ${total} messages \\(${total} new`).test(counts), `the summary reads ${JSON.stringify(counts)}`)
        fs.rmSync(dir, { recursive: true, force: true })
        assert((await page.locator(T('import-error')).count()) === 0, 'no error')

        await page.locator(T('search-input')).fill('zwölf')
        const hit = page.locator(`${T('search-hit')}[data-kind="message"]`).first()
        await hit.waitFor()
        const mid = await hit.getAttribute('data-message-id')
        await hit.click()
        const msg = page.locator(`${SEL.message}[data-id="${mid}"]`)
        await msg.waitFor()
        assertIncludes(await msg.innerText(), 'zwölf Brötchen', 'the imported message opens')
      },
    },
  ]
}
