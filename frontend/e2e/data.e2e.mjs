// The Data screen (issue 15) in Chromium against the real Go back end: an
// open conversation's Export…, a backup made with one click, and forgetting
// a customer (gone from the inbox and from search). A native save dialog
// cannot be driven here, so the export itself is written through the bound
// DataAPI.Export with a path, as the button does once a path is chosen.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { assert, assertIncludes } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`

/** A demo conversation with a customer, and that customer as the Forget search finds them. */
async function conversationWithCustomer(page) {
  return page.evaluate(async () => {
    const go = window.go.app
    const list = await go.InboxAPI.ListConversations({ statuses: ['open'] }, 0, 200)
    for (const c of list.items) {
      if (!c.customerId || !c.customerName || c.customerName.length < 4) continue
      const found = await go.DataAPI.FindCustomers(c.customerName)
      if (found.some((f) => f.id === c.customerId)) return { id: c.id, customerId: c.customerId, name: c.customerName }
    }
    return null
  })
}

export function tests() {
  return [
    {
      name: 'data: Export… on an open conversation opens the Data screen for it and writes a safe HTML transcript',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const row = page.locator(SEL.row).first()
        const id = Number(await row.getAttribute('data-id'))
        await row.click()
        const thread = page.locator(`${T('thread')}[data-id="${id}"]`)
        await thread.waitFor({ state: 'visible' })
        await thread.locator(T('thread-export')).click()
        await page.locator(T('data-screen')).waitFor({ state: 'visible' })
        assert(await page.locator(T('export-kind-conversation')).isChecked(), 'the conversation scope is chosen')
        const shown = await page.locator(T('export-conversation')).inputValue()
        assert(Number(shown) === id, `the Data screen exports conversation ${shown}, want ${id}`)
        assert(await page.locator(T('export-run')).isEnabled(), 'Export… can be pressed')

        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'careinbox-e2e-export-'))
        const file = path.join(dir, 'conversation.html')
        const res = await page.evaluate(([id, file]) => window.go.app.DataAPI.Export({ conversationId: id, customerId: 0, client: '', search: '', from: '', to: '' }, 'html', false, file), [id, file])
        assert(res.path === file && res.conversations === 1 && res.messages > 0, `export answered ${JSON.stringify(res)}`)
        const html = fs.readFileSync(file, 'utf8')
        assertIncludes(html, `content="default-src 'none'`, 'the transcript')
        assert(!/<script/i.test(html), 'the transcript holds no script')
        const detail = await page.evaluate((id) => window.go.app.InboxAPI.GetConversation(id), id)
        const words = detail.messages[0].text.split(/\s+/).filter((w) => /^[A-Za-z]{5,}$/.test(w))
        if (words.length > 0) assertIncludes(html, words[0], 'the transcript')
        fs.rmSync(dir, { recursive: true, force: true })
        await page.locator(T('data-close')).click()
      },
    },
    {
      name: 'data: Back up now writes a verified backup into the backups folder',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        await page.locator(T('view-data')).click()
        await page.locator(T('data-screen')).waitFor({ state: 'visible' })
        await page.locator(T('backup-now')).click()
        const result = page.locator(T('backup-result'))
        await result.waitFor({ state: 'visible', timeout: 60_000 })
        const text = (await result.textContent()) ?? ''
        const where = text.replace(/^Saved .*? to /, '')
        assert(where.includes(`${path.sep}backups${path.sep}careinbox-backup-`), `the backup went to ${JSON.stringify(where)}`)
        assert(fs.statSync(where).size > 0, 'the backup file is there')
        assert(fs.readFileSync(where).subarray(0, 15).toString() === 'SQLite format 3', 'the backup is a database')
        await page.locator(T('backup-item')).first().waitFor({ state: 'visible' })
      },
    },
    {
      name: 'data: forgetting a customer removes their conversation from the inbox and from search',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const conv = await conversationWithCustomer(page)
        assert(conv, 'the demo has an open conversation with a named customer')
        await page.locator(T('view-data')).click()
        const card = page.locator(T('data-forget'))
        await card.waitFor({ state: 'visible' })
        await card.locator(T('forget-search')).fill(conv.name)
        const candidate = card.locator(`${T('forget-candidate')}[data-id="${conv.customerId}"]`)
        await candidate.waitFor({ state: 'visible' })
        await candidate.locator(T('forget-choose')).click()
        await card.locator(T('forget-confirm')).waitFor({ state: 'visible' })
        await card.locator(T('forget-erase')).click()
        await card.locator(T('forget-result')).waitFor({ state: 'visible', timeout: 60_000 })
        await card.locator(T('erasure-list')).waitFor({ state: 'visible' })

        await page.locator(T('data-close')).click()
        await page.locator(SEL.list).waitFor({ state: 'visible' })
        // The list may show its cached page for a moment before the refetch.
        await page.locator(`${SEL.row}[data-id="${conv.id}"]`).waitFor({ state: 'detached' })
        const gone = await page.evaluate((id) => window.go.app.InboxAPI.GetConversation(id).then(() => false, () => true), conv.id)
        assert(gone, 'the conversation cannot be opened any more')

        await page.locator(T('search-input')).fill(conv.name)
        await page.locator(T('search-count')).or(page.locator(T('search-empty'))).first().waitFor({ state: 'visible' })
        await page.locator(`${T('search-hit')}[data-conversation-id="${conv.id}"]`).waitFor({ state: 'detached' })
        const left = await page.evaluate(
          async ([name, id, customerId]) => {
            const go = window.go.app
            const res = await go.SearchAPI.Search({ text: name, author: '', clientId: 0, handleId: 0, network: '', statuses: [], tag: '', from: 0, to: 0, relevance: false, limit: 200 })
            const customers = await go.DataAPI.FindCustomers(name)
            return { hits: res.hits.filter((h) => h.conversationId === id).length, customer: customers.some((c) => c.id === customerId) }
          },
          [conv.name, conv.id, conv.customerId],
        )
        assert(left.hits === 0 && !left.customer, `the back end still finds the forgotten customer: ${JSON.stringify(left)}`)
      },
    },
  ]
}
