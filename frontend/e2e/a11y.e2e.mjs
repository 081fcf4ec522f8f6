// Accessibility and dark mode (issue 14, item 8) in Chromium against the real
// Go back end on the demo workspace: axe-core on the main screens at
// 1280×800, in the light and the dark scheme (the app follows the system),
// fails on any violation of impact serious or critical; and in the dark
// scheme the page really is dark (a regression to hard-coded light colours
// is caught). A screenshot of each screen in each scheme is kept under
// build/e2e-artifacts/a11y/ (E2E_A11Y_SHOTS overrides), not committed.
// Nothing is changed, so the demo database stays as the other suites expect it.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { AxeBuilder } from '@axe-core/playwright'
import { assert, WAIT_MS } from './harness.mjs'
import { openInbox, SEL } from './inbox.e2e.mjs'

const T = (id) => `[data-testid="${id}"]`
const SCHEMES = ['light', 'dark']
const BLOCKING = new Set(['serious', 'critical'])
const SHOTS =
  process.env.E2E_A11Y_SHOTS || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'e2e-artifacts', 'a11y')

/** Relative luminance of a CSS rgb()/rgba() colour as getComputedStyle gives it. */
export function luminance(css) {
  const m = css.match(/rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)/)
  if (!m) return NaN
  const [r, g, b] = m.slice(1, 4).map((v) => {
    const c = Number(v) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  })
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}

function contrast(a, b) {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

/** One line per serious or critical axe violation: rule, impact, and the first offending nodes. */
export function blocking(results) {
  return results.violations
    .filter((v) => BLOCKING.has(v.impact))
    .map((v) => {
      const nodes = v.nodes.slice(0, 4).map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)})` : ''}`)
      return `${v.id} [${v.impact}] ${v.help}: ${nodes.join('; ')}${v.nodes.length > 4 ? ` … +${v.nodes.length - 4}` : ''}`
    })
}

/**
 * Runs axe on the page in both schemes (after `ready` says the screen is drawn
 * in that scheme), keeps a screenshot of each, and fails listing every serious
 * or critical violation of either.
 */
async function checkScreen(page, screen, ready) {
  const problems = []
  fs.mkdirSync(SHOTS, { recursive: true })
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme })
    await page.waitForFunction((dark) => matchMedia('(prefers-color-scheme: dark)').matches === dark, colorScheme === 'dark')
    if (ready) await ready(colorScheme)
    await page.screenshot({ path: path.join(SHOTS, `${screen}-${colorScheme}.png`), timeout: 10_000 })
    const results = await new AxeBuilder({ page }).analyze()
    for (const line of blocking(results)) problems.push(`${screen} (${colorScheme}): ${line}`)
  }
  await page.emulateMedia({ colorScheme: 'light' })
  assert(problems.length === 0, `axe found serious or critical violations:\n${problems.join('\n')}`)
}

async function start(page, url) {
  await page.setViewportSize({ width: 1280, height: 800 })
  await openInbox(page, url)
}

export function tests() {
  return [
    {
      name: 'a11y: the inbox with a conversation open has no serious axe violations, light or dark',
      async fn({ page, url }) {
        await start(page, url)
        await page.locator(SEL.row).first().click()
        await page.locator(SEL.message).first().waitFor({ state: 'visible' })
        await page.locator(T('composer-input')).waitFor({ state: 'visible' })
        await checkScreen(page, 'inbox')
      },
    },
    {
      name: 'a11y: Reports has no serious axe violations, light or dark, and its charts redraw in dark colours',
      async fn({ page, url }) {
        await start(page, url)
        await page.locator(T('view-reports')).click()
        const view = page.locator(T('reports'))
        await view.locator(T('report-headline')).waitFor({ state: 'visible', timeout: WAIT_MS })
        const colours = {}
        await checkScreen(page, 'reports', async (scheme) => {
          // A chart drawn in this scheme: its series colours are the pane's --chart-1/--chart-2 now.
          await page.waitForFunction(() => {
            const pane = document.querySelector('[data-testid="reports"]')
            const plot = pane?.querySelector('.report-chart-plot[data-series-colors]')
            if (!pane || !plot) return false
            const css = getComputedStyle(pane)
            const want = ['--chart-1', '--chart-2'].map((n) => css.getPropertyValue(n).trim())
            return want.every((c) => (plot.getAttribute('data-series-colors') ?? '').includes(c))
          })
          colours[scheme] = await view.evaluate((pane) => {
            const css = getComputedStyle(pane)
            const probe = (name) => {
              const el = document.createElement('span')
              el.style.color = css.getPropertyValue(name).trim()
              pane.appendChild(el)
              const c = getComputedStyle(el).color
              el.remove()
              return c
            }
            return { s1: probe('--chart-1'), s2: probe('--chart-2'), axis: probe('--chart-axis'), bg: getComputedStyle(pane.querySelector('.report-chart') ?? pane).backgroundColor }
          })
        })
        for (const scheme of SCHEMES) {
          const c = colours[scheme]
          for (const k of ['s1', 's2']) assert(contrast(c[k], c.bg) >= 3, `${scheme}: chart series ${k} ${c[k]} on ${c.bg} should be 3:1, is ${contrast(c[k], c.bg).toFixed(2)}`)
          assert(contrast(c.axis, c.bg) >= 4.5, `${scheme}: chart axis text ${c.axis} on ${c.bg} should be 4.5:1, is ${contrast(c.axis, c.bg).toFixed(2)}`)
        }
        assert(colours.light.s1 !== colours.dark.s1, `the charts' first series should change colour in dark mode, both ${colours.light.s1}`)
      },
    },
    {
      name: 'a11y: Deadlines settings have no serious axe violations, light or dark',
      async fn({ page, url }) {
        await start(page, url)
        await page.locator(T('view-deadline-settings')).click()
        const settings = page.locator(T('deadline-settings'))
        await settings.getByLabel('First response internal minutes').waitFor({ state: 'visible', timeout: WAIT_MS })
        await checkScreen(page, 'deadline-settings')
        // The rebuilt screen with the week grid shown and a pending Save (issue 14).
        await settings.locator(T('cal-always-open')).uncheck()
        await settings.locator(T('hours-grid')).waitFor({ state: 'visible' })
        await settings.locator(T('settings-moves')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await checkScreen(page, 'deadline-settings-hours')
        await settings.getByRole('button', { name: 'Discard changes' }).first().click()
      },
    },
    {
      name: 'a11y: Tone settings have no serious axe violations, light or dark',
      async fn({ page, url }) {
        await start(page, url)
        await page.locator(T('view-voice-settings')).click()
        await page.locator(T('voice-settings')).waitFor({ state: 'visible' })
        await page.locator(T('voice-form')).waitFor({ state: 'visible' })
        await checkScreen(page, 'tone-settings')
      },
    },
    {
      name: 'a11y: the add-handle dialog has no serious axe violations, light or dark',
      async fn({ page, url }) {
        await start(page, url)
        await page.locator(T('sidebar-add-handle')).click()
        const dialog = page.locator(T('add-handle-dialog'))
        await dialog.locator(T('choose-email')).waitFor({ state: 'visible', timeout: WAIT_MS })
        await checkScreen(page, 'add-handle')
        // The guided screens too (issue 14): the e-mail setup with a preset, and a wizard step.
        await dialog.locator(T('choose-email')).click()
        await dialog.locator(T('email-preset-gmail')).click()
        await dialog.locator(T('app-password-steps')).waitFor({ state: 'visible' })
        await checkScreen(page, 'add-handle-email')
        await dialog.locator(T('add-handle-back')).click()
        await dialog.locator(T('choose-facebook')).click()
        await dialog.locator(T('wizard-next')).click()
        await dialog.locator(T('wizard-permissions')).waitFor({ state: 'visible' })
        await checkScreen(page, 'add-handle-wizard')
        await page.keyboard.press('Escape')
      },
    },
    {
      name: 'a11y: dark mode: the system preference turns the page dark with light text, and focus stays visible',
      async fn({ page, url }) {
        await page.emulateMedia({ colorScheme: 'dark' })
        await start(page, url)
        const look = await page.evaluate(() => {
          const pick = (el) => ({ bg: getComputedStyle(el).backgroundColor, fg: getComputedStyle(el).color })
          return {
            body: pick(document.body),
            list: pick(document.querySelector('[data-testid="conversation-list"]')),
            sidebar: pick(document.querySelector('[data-testid="sidebar"]')),
            scheme: getComputedStyle(document.documentElement).colorScheme,
          }
        })
        for (const [where, { bg, fg }] of Object.entries({ body: look.body, list: look.list, sidebar: look.sidebar })) {
          // A transparent area shows the body beneath it.
          const shown = /rgba\([^)]*,\s*0\)/.test(bg) ? look.body.bg : bg
          assert(luminance(shown) < 0.05, `${where}: the background should be dark in dark mode, is ${shown}`)
          assert(luminance(fg) > 0.5, `${where}: the text should be light in dark mode, is ${fg}`)
          assert(contrast(fg, shown) >= 4.5, `${where}: text ${fg} on ${shown} should be 4.5:1`)
        }
        assert(look.scheme === 'dark', `color-scheme should be dark (native controls follow), is ${JSON.stringify(look.scheme)}`)

        // Keyboard focus is drawn: a 2 px ring that stands out from the panel.
        await page.keyboard.press('Tab')
        const ring = await page.evaluate(() => {
          const el = document.activeElement
          if (!el || el === document.body) return null
          const css = getComputedStyle(el)
          return { tag: el.tagName, style: css.outlineStyle, width: parseFloat(css.outlineWidth), color: css.outlineColor, bg: getComputedStyle(document.body).backgroundColor }
        })
        assert(ring, 'Tab should move focus onto a control')
        assert(ring.style !== 'none' && ring.width >= 2, `the focused ${ring.tag} should show a ring, has outline ${ring.style} ${ring.width}px`)
        assert(contrast(ring.color, ring.bg) >= 3, `the focus ring ${ring.color} should stand out 3:1 from ${ring.bg}`)
        await page.emulateMedia({ colorScheme: 'light' })
        const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
        assert(luminance(light) > 0.8, `back in the light scheme the background should be light, is ${light}`)
      },
    },
  ]
}
