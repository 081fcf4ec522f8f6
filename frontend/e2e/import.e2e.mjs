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
// The fixture's three messages import in milliseconds, faster than a
// progress event can be drawn; a user's archive takes seconds. So the test
// archive is the fixture followed by this many one-message threads, enough
// for several progress events (one every 100 ms) on any machine.
const FILLER = 3000

function archiveFile() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careinbox-import-'))
  const file = path.join(dir, 'archive.mbox')
  const parts = [fs.readFileSync(FIXTURE, 'utf8').trimEnd() + '\n\n']
  for (let i = 0; i < FILLER; i++) {
    parts.push(`From filler@example.com Wed Jan 10 08:00:00 2024
Message-ID: <filler-${i}@example.com>
From: Filler <filler@example.com>
To: help@bakery.example
Subject: Archived question ${i}
Date: Wed, 10 Jan 2024 08:00:00 +0000
Content-Type: text/plain; charset=utf-8

An older question from the archive, number ${i}.

`)
  }
  fs.writeFileSync(file, parts.join(''))
  return file
}

export function tests() {
  return [
    {
      name: 'import archive: an mbox into an e-mail handle with a progress bar, then search finds and opens it',
      fn: async ({ page, url }) => {
        const archive = archiveFile()
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
        }, archive)
        await page.locator(T('import-choose-file')).click()
        await page.locator(`${T('import-status')}[data-running="false"]`).waitFor()
        fs.rmSync(path.dirname(archive), { recursive: true, force: true })
        assert(await page.evaluate(() => window.__importBarSeen), 'the progress bar was shown while importing')
        assert((await page.locator(T('import-progress')).getAttribute('aria-valuenow')) === '100', 'the bar ends full')
        const counts = await page.locator(T('import-counts')).innerText()
        const want = await page.evaluate((n) => `Imported: ${(n + 2).toLocaleString()} conversations · ${(n + 3).toLocaleString()} messages (${(n + 3).toLocaleString()} new`, FILLER)
        assertIncludes(counts, want, 'the summary')
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
