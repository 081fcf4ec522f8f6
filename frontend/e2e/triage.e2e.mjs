// Working the inbox (issue 5) in Chromium against the real Go back end:
// triage, a reply that goes to the outbox, move-to-private, the
// sensitive-data warning, search with filters and keyboard-only work.
// Each test takes its own conversations from the CLI's inbox (past the
// hand-written top three that inbox.e2e.mjs reads), so the order of tests
// does not matter.
import { assert, assertIncludes } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'
import { setFilter } from './filters.mjs'

const T = (id) => `[data-testid="${id}"]`

/** Public and other conversations from the CLI's top ten, minus the stories. */
function pick(inbox) {
  const items = (inbox?.items ?? []).slice(3)
  return { pub: items.filter((c) => c.kind === 'public'), other: items.filter((c) => c.kind !== 'public') }
}

async function openRow(page, id) {
  const row = page.locator(`${SEL.row}[data-id="${id}"]`)
  await row.waitFor({ state: 'visible' })
  await row.click()
  await page.locator(`${SEL.thread}[data-id="${id}"]`).waitFor({ state: 'visible' })
}

/** Any open conversation's row, first one not in `avoid`. */
async function anyRowId(page, avoid = []) {
  const ids = await page.locator(SEL.row).evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-id'))))
  const id = ids.find((x) => !avoid.includes(x))
  assert(id, 'no conversation row to work on')
  return id
}

export function tests({ inbox }) {
  const { pub } = pick(inbox)
  // Reserved per test, so tests never step on each other's conversations.
  const reserved = pub.slice(0, 3).map((c) => c.id)
  const avoid = [...(inbox?.items ?? []).slice(0, 3).map((c) => c.id), ...reserved]
  const need = (i) => {
    assert(pub[i], `the CLI inbox needs at least ${i + 1} public conversations after the first three`)
    return pub[i].id
  }
  return [
    {
      name: 'triage: tag, resolve and bulk-snooze leave the open queue',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const id = await anyRowId(page, avoid)
        await openRow(page, id)
        await page.locator(SEL.thread).click({ position: { x: 5, y: 5 } })
        await page.keyboard.press('t')
        await page.locator(T('tag-input')).fill('e2e-followup')
        await page.keyboard.press('Enter')
        await page.locator(`${SEL.thread} .thread-tags .tag`, { hasText: 'e2e-followup' }).waitFor()
        await page.locator(T('action-resolve')).click()
        await page.locator(`${SEL.thread} .thread-meta`, { hasText: 'Resolved' }).waitFor()
        await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor({ state: 'detached' })
        // Bulk: select two rows and snooze them.
        const before = Number(await page.locator(SEL.list).getAttribute('data-total'))
        const ids = await page.locator(SEL.row).evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('data-id'))))
        const two = ids.filter((x) => !avoid.includes(x)).slice(0, 2)
        for (const x of two) await page.locator(`${SEL.row}[data-id="${x}"] ${T('row-check')}`).check()
        assertIncludes(await page.locator(T('bulk-count')).innerText(), '2 selected', 'bulk bar')
        await page.locator(T('bulk-snooze')).click()
        await page.locator(T('snooze-option')).first().click()
        for (const x of two) await page.locator(`${SEL.row}[data-id="${x}"]`).waitFor({ state: 'detached' })
        const after = Number(await page.locator(SEL.list).getAttribute('data-total'))
        assert(after === before - 2, `open count should drop by 2: ${before} → ${after}`)
        // The snoozed ones are under Snoozed; the tag filter finds the tagged one.
        await page.locator(`${T('status-filter')} [data-status="snoozed"]`).click()
        await page.locator(`${SEL.row}[data-id="${two[0]}"]`).waitFor()
        await page.locator(`${T('status-filter')} [data-status="all"]`).click()
        await setFilter(page, 'filter-tag', 'e2e-followup')
        await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor()
        assert((await page.locator(SEL.row).count()) === 1, 'the tag filter should leave one conversation')
      },
    },
    {
      name: 'reply: a public reply appears as queued in the thread (outbox)',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const id = need(0)
        await openRow(page, id)
        assertIncludes(await page.locator(T('composer-channel')).innerText(), 'Public reply', 'composer channel')
        const count = await page.locator(T('composer-count')).innerText()
        assert(/\/ \d+/.test(count) || /^\d+$/.test(count), `a length counter: ${count}`)
        const text = `Thanks for your patience — e2e ${Date.now()}`
        await page.locator(T('composer-input')).fill(text)
        await page.locator(T('composer-send')).click()
        const msg = page.locator(SEL.message, { hasText: text })
        await msg.waitFor()
        // Written locally as "Queued"; the engine may already be sending it
        // (the demo has no credentials, so it can also end as failed).
        const state = await msg.locator(T('delivery')).innerText()
        assert(/Queued|Sending|Sent|Failed/.test(state), `an outbox delivery state, got ${state}`)
        assert((await msg.getAttribute('data-direction')) === 'out', 'the reply is outbound')
        assert((await page.locator(T('composer-input')).inputValue()) === '', 'the composer clears after sending')
      },
    },
    {
      name: 'move to private: a closing note, a private conversation, then the public close once the DM is resolved',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const id = need(1)
        await openRow(page, id)
        await page.locator(T('move-to-private')).click()
        await page.locator(T('move-dialog')).waitFor()
        const priv = `Could you send your order number here? e2e ${Date.now()}`
        await page.locator(T('move-private-text')).fill(priv)
        await page.locator(T('move-confirm')).click()
        // The private conversation opens with the message queued.
        const thread = page.locator(SEL.thread)
        await page.locator(SEL.message, { hasText: priv }).waitFor()
        assert((await thread.getAttribute('data-id')) !== String(id), 'the private conversation should open')
        assertIncludes(await thread.locator('.thread-meta').innerText(), 'Private messages', 'private thread meta')
        assertIncludes(await page.locator(T('composer-channel')).innerText(), 'Private message', 'composer channel')
        const privId = await thread.getAttribute('data-id')
        // Issue 12 (finish in public): the public one is no longer resolved at
        // once. It carries the closing note and waits for a public close,
        // listed by the "Waiting for public close" filter.
        await setFilter(page, 'filter-deadline', 'public_close')
        await openRow(page, id)
        await page.locator(SEL.message, { hasText: "sent you a private message" }).waitFor()
        const meta = await page.locator(`${SEL.thread} .thread-meta`).innerText()
        assert(!meta.includes('Resolved'), `the public thread must not be resolved at once, meta: ${meta}`)
        await page.locator(`${T('public-close')}[data-state="waiting"]`).waitFor()
        await page.locator(`${SEL.row}[data-id="${id}"] ${T('row-public-close')}[data-state="waiting"]`).waitFor()
        // Resolve the DM: the public thread asks for its closing reply, prefilled.
        await page.locator(T('public-close-open-private')).click()
        await page.locator(`${SEL.thread}[data-id="${privId}"]`).waitFor()
        await page.locator(T('action-resolve')).click()
        await page.locator(`${SEL.thread} .thread-meta`, { hasText: 'Resolved' }).waitFor()
        await openRow(page, id)
        await page.locator(`${T('public-close')}[data-state="prompt"]`).waitFor()
        const text = await page.locator(T('public-close-text')).inputValue()
        assertIncludes(text, 'Glad we could sort this out in DM', 'the suggested closing reply')
        const closing = `${text} e2e ${Date.now()}`
        await page.locator(T('public-close-text')).fill(closing)
        await page.locator(T('public-close-send')).click()
        // The outbox sends it (the demo network confirms after a moment):
        // the loop is done, the public thread resolved and out of the filter.
        await page.locator(SEL.message, { hasText: closing }).waitFor()
        await page.locator(`${T('public-close-closed')}[data-state="done"]`).waitFor()
        await page.locator(`${SEL.thread} .thread-meta`, { hasText: 'Resolved' }).waitFor()
        await page.locator(`${SEL.row}[data-id="${id}"]`).waitFor({ state: 'detached' })
      },
    },
    {
      name: 'sensitive data: a public reply with a card number warns and offers private',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const id = need(2)
        await openRow(page, id)
        await page.locator(T('composer-input')).fill('Is this your card 4111 1111 1111 1111? Mail jane@example.com')
        await page.locator(T('composer-send')).click()
        const warn = page.locator(T('sensitive-warning'))
        await warn.waitFor()
        const text = await warn.innerText()
        assertIncludes(text, 'card number', 'warning')
        assertIncludes(text, '1111', 'masked card')
        assert(!text.includes('4111 1111 1111 1111'), 'the warning must not repeat the full card number')
        assert((await page.locator(SEL.message, { hasText: '4111' }).count()) === 0, 'nothing was sent')
        await page.locator(T('sensitive-move')).click()
        await page.locator(T('move-dialog')).waitFor()
        assertIncludes(await page.locator(T('move-private-text')).inputValue(), '4111', 'the reply moves into the private message')
      },
    },
    {
      name: 'search with filters: network filter narrows, a hit opens at the message',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        await page.locator(T('search-input')).fill('order')
        await page.locator(T('search-hit')).first().waitFor()
        const nets = await page.locator(T('search-hit')).evaluateAll((hs) => hs.map((h) => h.getAttribute('data-network')))
        const net = nets[0]
        await page.locator(T('search-network')).selectOption(net)
        await page.waitForFunction(
          (n) => {
            const hs = [...document.querySelectorAll('[data-testid="search-hit"]')]
            return hs.length > 0 && hs.every((h) => h.getAttribute('data-network') === n)
          },
          net,
        )
        assert((await page.locator(`${T('search-snippet')} mark`).count()) > 0, 'snippets highlight matches')
        assert(/\bmatch(es)?\b/.test(await page.locator(T('search-count')).innerText()), 'the results say how many matched')
        // Best match is a choice; the list re-ranks and still counts.
        await page.locator(T('search-order')).selectOption('relevance')
        await page.locator(`${T('search-count')}[data-bounded]`).waitFor()
        await page.locator(T('search-hit')).first().waitFor()
        await page.locator(T('search-order')).selectOption('newest')
        // Subjects and notes are hits too; a message hit opens at its message.
        const hit = page.locator(`${T('search-hit')}[data-kind="message"]`).first()
        const mid = await hit.getAttribute('data-message-id')
        await hit.click()
        const msg = page.locator(`${SEL.message}[data-id="${mid}"]`)
        await msg.waitFor()
        assert((await msg.getAttribute('data-hit')) === 'true', 'the hit message is highlighted')
        // A status filter with no matches empties the results.
        await page.locator(T('search-input')).fill('zzzqqqxxy')
        await page.locator(T('search-empty')).waitFor()
      },
    },
    {
      name: 'keyboard only: move, open, help, palette, resolve, switch client',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        await page.locator('body').press('j')
        await page.keyboard.press('j')
        await page.keyboard.press('Enter')
        // The loading placeholder is also data-testid="thread" (without data-id): wait for the loaded one.
        await page.locator(`${SEL.thread}[data-id]`).waitFor()
        const id = await page.locator(SEL.thread).getAttribute('data-id')
        await page.keyboard.press('?')
        await page.locator(T('help-overlay')).waitFor()
        assertIncludes(await page.locator(T('help-overlay')).innerText(), 'Resolve', 'help overlay')
        await page.keyboard.press('Escape')
        await page.locator(T('help-overlay')).waitFor({ state: 'detached' })
        await page.keyboard.press('Control+k')
        await page.locator(T('palette-input')).waitFor()
        await page.keyboard.type('pending')
        await page.keyboard.press('Enter')
        await page.locator(`${SEL.thread}[data-id="${id}"] .thread-meta`, { hasText: 'Pending' }).waitFor()
        await page.keyboard.press('o')
        await page.locator(`${SEL.thread}[data-id="${id}"] .thread-meta`, { hasText: 'Pending' }).waitFor({ state: 'detached' })
        // Typing in the composer does not trigger shortcuts.
        await page.keyboard.press('r')
        await page.keyboard.type('e?')
        assert((await page.locator(T('composer-input')).inputValue()) === 'e?', 'shortcut keys type into the composer')
        assert((await page.locator(T('help-overlay')).count()) === 0, 'no help overlay while typing')
        await page.keyboard.press('Escape')
        await page.keyboard.press('2')
        const title = await page.locator('.list-title').innerText()
        assert(title !== 'All conversations', `client 2 should be shown, title is ${title}`)
        await page.keyboard.press('0')
        await page.locator('.list-title', { hasText: 'All conversations' }).waitFor()
      },
    },
    {
      name: 'saved replies: create one in the dialog, insert it with its variables filled, set the tone, delete it',
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        const id = await anyRowId(page, avoid)
        await openRow(page, id)
        const input = page.locator(T('composer-input'))
        await input.fill('')
        await page.locator(T('saved-replies-manage')).click()
        const dialog = page.locator(T('saved-replies-dialog'))
        await dialog.waitFor()
        assertIncludes(await dialog.locator(T('saved-replies-variables')).innerText(), '{customer_name}', 'variables explained')
        // A new reply for this client; markup in it stays text.
        const title = `E2E thanks ${Date.now()}`
        await dialog.locator(T('saved-reply-new')).click()
        await dialog.locator(T('saved-reply-title-input')).fill(title)
        await dialog.locator(T('saved-reply-body-input')).fill('Hi {customer_name}, <b>thanks</b> for writing to {handle}. — {agent}')
        const preview = await dialog.locator(`${T('saved-reply-preview')} .saved-reply-body`).innerText()
        assert(!/\{(customer_name|handle|agent)\}/.test(preview), `the preview fills the variables: ${preview}`)
        assertIncludes(preview, '<b>thanks</b>', 'preview shows markup as text')
        await dialog.locator(T('saved-reply-save')).click()
        const item = dialog.locator(T('saved-reply'), { hasText: title })
        await item.waitFor()
        assert((await dialog.locator(`${T('saved-reply')} b`).count()) === 0, 'no markup rendered in the list')
        // The tone of voice of this client.
        const tone = `Warm, first names, no emoji (e2e ${Date.now()})`
        await dialog.locator(T('tone-input')).fill(tone)
        await dialog.locator(T('tone-save')).click()
        await dialog.locator('.saved-replies-tone [role="status"]', { hasText: 'Saved' }).waitFor()
        // Insert: the dialog closes and the composer holds the filled text.
        await item.locator(T('saved-reply-insert')).click()
        await dialog.waitFor({ state: 'detached' })
        const text = await input.inputValue()
        assert(text === preview, `the composer holds the expanded reply: ${JSON.stringify(text)} vs preview ${JSON.stringify(preview)}`)
        assertIncludes(await page.locator(T('tone-notes')).innerText(), tone, 'tone of voice beside the composer')
        // It is offered in the composer's list too.
        assert((await page.locator(`${T('saved-replies')} option`, { hasText: title }).count()) === 1, 'offered in the composer list')
        // Edit, then delete it.
        await page.locator(T('saved-replies-manage')).click()
        await dialog.waitFor()
        await dialog.locator(T('saved-reply'), { hasText: title }).locator(T('saved-reply-edit')).click()
        await dialog.locator(T('saved-reply-title-input')).fill(`${title} (edited)`)
        await dialog.locator(T('saved-reply-save')).click()
        const edited = dialog.locator(T('saved-reply'), { hasText: `${title} (edited)` })
        await edited.waitFor()
        await edited.locator(T('saved-reply-delete')).click()
        await edited.locator(T('saved-reply-delete-confirm')).click()
        await edited.waitFor({ state: 'detached' })
        await dialog.locator(T('tone-input')).fill('')
        await dialog.locator(T('tone-save')).click()
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
        await page.locator(T('tone-notes')).waitFor({ state: 'detached' })
        await input.fill('')
      },
    },
    {
      name: "reply window: an Instagram DM says Meta's window in the composer; a public one does not",
      fn: async ({ page, url }) => {
        await openInbox(page, url)
        await setFilter(page, 'filter-network', 'instagram')
        // Wait until every visible row is an Instagram one (the filter has applied).
        await page.waitForFunction(() => {
          const rows = [...document.querySelectorAll('[data-testid="conversation-row"]')]
          return rows.length > 0 && rows.every((r) => r.querySelector('.net-badge')?.getAttribute('aria-label') === 'Instagram')
        })
        const ids = await page.locator(SEL.row).evaluateAll((rs) => rs.slice(0, 12).map((r) => Number(r.getAttribute('data-id'))))
        let seenPrivate = false
        for (const id of ids.filter((x) => !avoid.includes(x))) {
          await openRow(page, id)
          const channel = await page.locator(T('composer-channel')).innerText()
          const win = page.locator(T('reply-window'))
          if (!channel.includes('Private message')) {
            assert((await win.count()) === 0, `no reply window on a public Instagram conversation (${id})`)
            continue
          }
          seenPrivate = true
          await win.waitFor()
          const state = await win.getAttribute('data-state')
          const text = await win.innerText()
          const want = {
            open: 'Instagram reply window: open for another',
            human_agent: "human-agent tag",
            closed: 'Meta no longer lets pages answer this conversation',
            unknown: 'within 7 days',
          }[state]
          assert(want, `a known reply-window state, got ${state}`)
          assertIncludes(text, want, `reply window (${state})`)
          await page.locator(T('composer-input')).fill('Checking the window')
          const disabled = await page.locator(T('composer-send')).isDisabled()
          assert(disabled === (state === 'closed'), `send ${disabled ? 'blocked' : 'allowed'} in state ${state}`)
          await page.locator(T('composer-input')).fill('')
          break
        }
        assert(seenPrivate, 'the demo should have a private Instagram conversation among the first rows')
      },
    },
  ]
}
