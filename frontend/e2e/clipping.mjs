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

/**
 * Lists visible text under the roots whose colour does not stand out from
 * what is drawn behind it: WCAG AA, 4.5:1 for body text, 3:1 for large text
 * (24 px, or 18.66 px bold). The background is the first opaque one among the
 * text's ancestors, with the semi-transparent ones on the way composited over
 * it, and the text's own alpha and its ancestors' opacity applied; text over
 * an image or gradient is skipped (its background is unknown), and so is text
 * of a disabled control (WCAG exempts inactive controls) and SVG text (charts
 * are checked on their own in a11y.e2e.mjs).
 * Returns [{ where, text, fg, bg, ratio, need }].
 */
export async function findUnreadable(page, roots = 'body') {
  const list = Array.isArray(roots) ? roots : [roots]
  return page.evaluate((list) => {
    const parse = (css) => {
      const m = css.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:\s*[,/]\s*([\d.]+%?))?/)
      if (!m) return null
      let a = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : Number(m[4])
      return [Number(m[1]), Number(m[2]), Number(m[3]), a]
    }
    const over = (top, under) => {
      const a = top[3]
      return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1)
    }
    const lum = ([r, g, b]) => {
      const f = (v) => {
        const c = v / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      }
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const ratio = (a, b) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p)
      return (x + 0.05) / (y + 0.05)
    }
    const dark = matchMedia('(prefers-color-scheme: dark)').matches
    const canvas = parse(getComputedStyle(document.documentElement).backgroundColor)
    const base = canvas && canvas[3] === 1 ? canvas : dark ? [18, 18, 18, 1] : [255, 255, 255, 1]
    const describe = (el) => {
      const id = el.getAttribute('data-testid')
      const cls = typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : ''
      return `${el.tagName.toLowerCase()}${id ? `[data-testid="${id}"]` : ''}${cls}`
    }
    const where = (el) => {
      const parts = []
      for (let e = el; e && e !== document.body && parts.length < 3; e = e.parentElement) parts.unshift(describe(e))
      return parts.join(' > ')
    }
    const out = []
    const seen = new Set()
    for (const sel of list) {
      for (const root of document.querySelectorAll(sel)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.textContent.trim()
          const el = n.parentElement
          if (!text || !el || seen.has(el)) continue
          seen.add(el)
          if (el.closest('svg, [hidden], :disabled, [aria-disabled="true"], option, select, script, style')) continue
          if (el.getClientRects().length === 0) continue
          const cs = getComputedStyle(el)
          if (cs.visibility !== 'visible') continue
          const box = el.getBoundingClientRect()
          if (box.width <= 1 || box.height <= 1) continue // visually hidden (screen-reader text)
          let fg = parse(cs.color)
          if (!fg) continue
          let opacity = 1
          let bg = null
          const layers = []
          let unknown = false
          for (let e = el; e; e = e.parentElement) {
            const s = getComputedStyle(e)
            opacity *= Number(s.opacity)
            if (s.backgroundImage && s.backgroundImage !== 'none') {
              unknown = true
              break
            }
            const c = parse(s.backgroundColor)
            if (c && c[3] > 0) {
              if (c[3] >= 1) {
                bg = c
                break
              }
              layers.push(c)
            }
          }
          if (unknown || opacity === 0) continue
          bg = bg ?? base
          for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg)
          fg = over([fg[0], fg[1], fg[2], fg[3] * opacity], bg)
          const size = parseFloat(cs.fontSize)
          const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700)
          const need = large ? 3 : 4.5
          const r = ratio(fg, bg)
          if (r + 0.005 < need) {
            out.push({ where: where(el), text: text.slice(0, 60), fg: `rgb(${fg.slice(0, 3).map(Math.round).join(', ')})`, bg: `rgb(${bg.slice(0, 3).map(Math.round).join(', ')})`, ratio: Math.round(r * 100) / 100, need })
          }
        }
      }
    }
    return out
  }, list)
}

/**
 * Lists visible controls (buttons, links, inputs) under the roots that lie
 * partly outside the window: sideways always; above or below only when no
 * ancestor scrolls (a long list scrolls its rows out of view on purpose).
 */
export async function findOffscreenControls(page, roots = 'body') {
  const list = Array.isArray(roots) ? roots : [roots]
  return page.evaluate((list) => {
    const vw = document.documentElement.clientWidth
    const vh = document.documentElement.clientHeight
    const out = []
    for (const sel of list) {
      for (const root of document.querySelectorAll(sel)) {
        for (const el of root.querySelectorAll('button, a[href], input, select, textarea, [role="button"]')) {
          if (el.closest('[hidden]') || el.getClientRects().length === 0) continue
          const cs = getComputedStyle(el)
          if (cs.visibility !== 'visible') continue
          const b = el.getBoundingClientRect()
          if (b.width <= 1 || b.height <= 1) continue // a visually hidden control (a styled checkbox's input)
          let scrolls = false
          for (let e = el.parentElement; e && e !== document.documentElement; e = e.parentElement) {
            const s = getComputedStyle(e)
            if (/(auto|scroll)/.test(s.overflowY) && e.scrollHeight > e.clientHeight) {
              scrolls = true
              break
            }
          }
          const sideways = b.left < -0.5 || b.right > vw + 0.5
          const vertical = !scrolls && (b.top < -0.5 || b.bottom > vh + 0.5)
          if (sideways || vertical) {
            const id = el.getAttribute('data-testid') || el.getAttribute('aria-label') || (el.textContent || '').trim().slice(0, 40) || el.tagName
            out.push({ what: `${el.tagName.toLowerCase()} "${id}"`, box: `${Math.round(b.left)},${Math.round(b.top)} ${Math.round(b.width)}×${Math.round(b.height)}` })
          }
        }
      }
    }
    return out
  }, list)
}

/**
 * One screen's look in the current colour scheme: no clipped text
 * (findClipped), no control out of the window, no unreadable text. Returns
 * the problems as lines (empty when the screen is fine).
 */
export async function lookProblems(page, roots, what) {
  const lines = []
  for (const f of await findClipped(page, roots))
    lines.push(`${what}: clipped ${f.where} "${f.text}" (scroll ${f.scrollWidth}×${f.scrollHeight} > box ${f.clientWidth}×${f.clientHeight})`)
  for (const f of await findOffscreenControls(page, roots)) lines.push(`${what}: out of the window ${f.what} at ${f.box}`)
  for (const f of await findUnreadable(page, roots)) lines.push(`${what}: unreadable ${f.where} "${f.text}" ${f.fg} on ${f.bg} = ${f.ratio}:1 < ${f.need}:1`)
  return lines
}

/** Fails listing every problem of lookProblems, in light and dark. */
export async function assertLooksRight(page, roots, what) {
  const lines = []
  for (const colorScheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme })
    await page.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, colorScheme === 'dark')
    lines.push(...(await lookProblems(page, roots, `${what} (${colorScheme})`)))
    await saveShot(page, `look-${what}-${colorScheme}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
  assert(lines.length === 0, `${lines.length} problem(s):\n  ${lines.slice(0, 25).join('\n  ')}${lines.length > 25 ? `\n  … +${lines.length - 25}` : ''}`)
}
