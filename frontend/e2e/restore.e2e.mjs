// Restoring a backup end to end (issue 15), on a real workspace of one's
// own (tools/bgfixture: one client, an e-mail handle whose password is not
// in the keychain, Jonas's open conversation). scripts/test-e2e.sh runs the
// two halves around a restart of the app, as the user restarts it:
//
//   E2E_SUITE=restore   back up, then change the workspace (a note, the
//                       conversation resolved), restore the backup from the
//                       Data screen's list with its confirmation, and quit
//                       with "Quit Care Inbox to restore" — the app must end;
//   E2E_SUITE=restored  the next start: the state of the backup (open, no
//                       note), the replaced workspace kept aside, and the
//                       handle named as needing its sign-in again.
//
// E2E_RESTORE_DIR is the workspace's data folder.
import fs from 'node:fs'
import path from 'node:path'
import { WAIT_MS, assert, assertIncludes } from './harness.mjs'

const T = (id) => `[data-testid="${id}"]`
const NOTE = 'Written after the backup: gone once it is restored'
const HANDLE = 'care@bakery.invalid'

function dataDir() {
  const dir = process.env.E2E_RESTORE_DIR
  assert(dir, 'E2E_RESTORE_DIR names the workspace folder (scripts/test-e2e.sh sets it)')
  return dir
}

/** Jonas's conversation row, in the open conversations the inbox starts on. */
async function openJonas(page, url) {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 })
  const row = page.locator(T('conversation-row')).filter({ hasText: 'Jonas' })
  await row.waitFor({ state: 'visible', timeout: WAIT_MS })
  await row.click()
  const thread = page.locator(T('thread'))
  await thread.locator(T('message-text')).filter({ hasText: 'Where is my order?' }).waitFor({ state: 'visible' })
  return thread
}

/** Whether the app's server still answers. */
async function answers(url) {
  try {
    await fetch(url, { signal: AbortSignal.timeout(5_000) })
    return true
  } catch {
    return false
  }
}

/** Resolves when the page's Wails IPC socket to the back end closes (the app ended). */
function ipcClosed(page) {
  return new Promise((resolve) => {
    page.on('websocket', (ws) => {
      if (new URL(ws.url()).pathname.startsWith('/wails')) ws.on('close', resolve)
    })
  })
}

export function restoreTests() {
  return [
    {
      name: 'restore: back up, change the workspace, restore the listed backup after confirming, quit to apply it',
      async fn({ page, url }) {
        const dir = dataDir()
        const ended = ipcClosed(page)
        let thread = await openJonas(page, url)
        assert((await page.locator(T('demo-banner')).count()) === 0, 'this is a real workspace, not the demo')

        // The backup, with one click.
        await page.locator(T('view-data')).click()
        await page.locator(T('data-screen')).waitFor({ state: 'visible' })
        await page.locator(T('backup-now')).click()
        await page.locator(T('backup-result')).waitFor({ state: 'visible', timeout: 60_000 })
        await page.locator(T('backup-item')).first().waitFor({ state: 'visible' })
        assert((await page.locator(T('backup-item')).count()) === 1, 'one backup is listed')
        await page.locator(T('data-close')).click()

        // A change the backup does not have: a note, and the conversation resolved.
        await page.locator(T('conversation-row')).filter({ hasText: 'Jonas' }).click()
        thread = page.locator(T('thread'))
        await thread.locator(T('message-text')).filter({ hasText: 'Where is my order?' }).waitFor({ state: 'visible' })
        await thread.locator(T('note-open')).click()
        await thread.locator(T('note-input')).fill(NOTE)
        await thread.locator(T('note-submit')).click()
        await thread.locator(T('note-text')).filter({ hasText: NOTE }).waitFor({ state: 'visible' })
        await thread.locator(T('action-resolve')).click()
        await thread.locator('.thread-meta', { hasText: 'Resolved' }).waitFor()
        await page.locator(T('conversation-row')).filter({ hasText: 'Jonas' }).waitFor({ state: 'detached' })

        // The restore, from the list: nothing happens before the confirmation.
        await page.locator(T('view-data')).click()
        await page.locator(T('data-screen')).waitFor({ state: 'visible' })
        await page.locator(T('backup-restore')).first().click()
        const confirm = page.locator(T('restore-confirm'))
        await confirm.waitFor({ state: 'visible' })
        assertIncludes(await confirm.innerText(), 'Replace this workspace with the backup of', 'the confirmation')
        assert(!fs.existsSync(path.join(dir, 'careinbox.db.restore')), 'nothing is staged before the confirmation')
        await confirm.locator(T('restore-run')).click()
        const staged = page.locator(T('restore-staged'))
        await staged.waitFor({ state: 'visible', timeout: 60_000 })
        const said = await staged.innerText()
        assertIncludes(said, 'when Care Inbox next starts', 'the staged restore')
        assertIncludes(said, 'kept aside', 'the staged restore')
        // The backup holds no password: its handle will need its sign-in again.
        assertIncludes(await staged.locator(T('staged-sign-ins')).innerText(), HANDLE, 'the handles to sign in again')
        assert(fs.existsSync(path.join(dir, 'careinbox.db.restore')), 'the backup is staged beside the workspace')

        // Quitting ends the app (the close button only hides the window).
        await staged.locator(T('restore-quit')).click()
        let timer
        const quit = await Promise.race([
          ended.then(() => true),
          new Promise((resolve) => (timer = setTimeout(() => resolve(false), 60_000))),
        ]).finally(() => clearTimeout(timer))
        assert(quit, 'the app did not end within 60 s of "Quit Care Inbox to restore"')
        assert(!(await answers(url)), 'the app still answers after its connection closed')
      },
    },
  ]
}

export function restoredTests() {
  return [
    {
      name: 'restored: the next start shows the backup, keeps the replaced workspace aside and asks for the sign-in again',
      async fn({ page, url }) {
        const dir = dataDir()
        const thread = await openJonas(page, url) // open again: it was resolved after the backup
        await thread.locator(T('action-resolve')).waitFor({ state: 'visible' })
        assert((await thread.locator(T('note-text')).filter({ hasText: NOTE }).count()) === 0, 'the note written after the backup is gone')

        const banner = page.locator(T('restore-banner'))
        await banner.waitFor({ state: 'visible' })
        const text = await banner.innerText()
        assertIncludes(text, 'Restored from a backup', 'the banner')
        assertIncludes(text, 'Sign in again to', 'the banner')
        assertIncludes(text, HANDLE, 'the banner')

        await banner.locator(T('restore-banner-open')).click()
        await page.locator(T('data-screen')).waitFor({ state: 'visible' })
        const restored = await page.locator(T('restored-banner')).innerText()
        const aside = restored.replace(/^.*kept at /s, '').replace(/\.\s*$/, '').trim()
        assert(aside.startsWith(path.join(dir, 'careinbox-before-restore-')) && aside.endsWith('.db'), `the replaced workspace was kept at ${JSON.stringify(aside)}`)
        assert(fs.statSync(aside).size > 0, 'the replaced workspace is there')
        assert(!fs.existsSync(path.join(dir, 'careinbox.db.restore')), 'the staged copy was put in place')
        assertIncludes(await page.locator(T('restore-sign-ins')).innerText(), HANDLE, 'the Data screen’s handles to sign in again')
        assert((await page.locator(T('restore-staged')).count()) === 0, 'no restore waits any more')
      },
    },
  ]
}
