// Reusable checks for the look of a screen (issue 14): text that does not fit
// its box, and screenshots kept as artifacts. Any suite may use them:
//
//   import { findClipped, assertNoClipping, saveShot } from './clipping.mjs'
//   await assertNoClipping(page, '[data-testid="sidebar"]', 'the sidebar')
//
// An element "clips" when its content is wider (or, with overflow hidden,
// taller) than its box: scrollWidth > clientWidth. Deliberate truncation is
// not counted: text-overflow: ellipsis (a long name ends in "…"), scroll
// containers (they scroll), form controls (their value scrolls inside),
// visually hidden elements (1 px boxes for screen readers) and anything not
// rendered.
import fs from 'node:fs'
import path from 'node:path'
import { assert } from './harness.mjs'

/**
 * Lists the elements under each root selector whose content does not fit their
 * box, as { where, text, scrollWidth, clientWidth, scrollHeight, clientHeight }.
 * tolerance: px of rounding to ignore (default 1).
 */
export async function findClipped(page, roots = 'body', { tolerance = 1 } = {}) {
  const list = Array.isArray(roots) ? roots : [roots]
  return page.evaluate(
    ({ list, tolerance }) => {
      const out = []
      const describe = (el) => {
        const id = el.getAttribute('data-testid')
        const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : ''
        return `${el.tagName.toLowerCase()}${id ? `[data-testid="${id}"]` : ''}${cls}`
      }
      const path = (el) => {
        const parts = []
        for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(describe(e))
        return parts.join(' > ')
      }
      for (const sel of list) {
        for (const root of document.querySelectorAll(sel)) {
          for (const el of [root, ...root.querySelectorAll('*')]) {
            if (!(el instanceof HTMLElement)) continue
            if (el.closest('[hidden]')) continue
            if (el.getClientRects().length === 0) continue
            if (/^(INPUT|SELECT|TEXTAREA|OPTION|svg|path)$/i.test(el.tagName)) continue
            const cs = getComputedStyle(el)
            if (cs.visibility === 'hidden' || cs.display === 'contents') continue
            if (cs.textOverflow === 'ellipsis') continue
            if (/(auto|scroll)/.test(cs.overflowX + cs.overflowY)) continue
            if (el.clientWidth <= 2 || el.clientHeight <= 2) continue
            if (cs.position === 'absolute' && cs.clip !== 'auto') continue
            const wide = el.scrollWidth > el.clientWidth + tolerance
            const tall = /(hidden|clip)/.test(cs.overflowY) && el.scrollHeight > el.clientHeight + tolerance
            if (!wide && !tall) continue
            // An inline-block child that overflows is reported on the child
            // as well; report the innermost box that has text of its own.
            out.push({
              where: path(el),
              text: (el.innerText || el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 80),
              scrollWidth: el.scrollWidth,
              clientWidth: el.clientWidth,
              scrollHeight: el.scrollHeight,
              clientHeight: el.clientHeight,
            })
          }
        }
      }
      return out
    },
    { list, tolerance },
  )
}

/** Fails listing every clipped element under roots (see findClipped). */
export async function assertNoClipping(page, roots, what, opts) {
  const found = await findClipped(page, roots, opts)
  assert(
    found.length === 0,
    `${what}: ${found.length} element(s) clip their text:\n` +
      found
        .slice(0, 12)
        .map((f) => `  ${f.where} "${f.text}" (scroll ${f.scrollWidth}×${f.scrollHeight} > box ${f.clientWidth}×${f.clientHeight})`)
        .join('\n'),
  )
}

/**
 * Keeps a screenshot as an artifact: under E2E_SHOTS, else E2E_ARTIFACTS/shots
 * (the run's temp dir, kept with E2E_KEEP=1 or on failure). Returns its path.
 */
export async function saveShot(page, name) {
  const dir = process.env.E2E_SHOTS || path.join(process.env.E2E_ARTIFACTS || 'build/e2e-artifacts', 'shots')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.png`)
  await page.screenshot({ path: file, timeout: 10_000 })
  return file
}
