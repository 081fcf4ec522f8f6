// A tiny test harness on playwright-core (no @playwright/test): launches the
// system Chromium with a fresh profile, runs each test in a fresh page, prints
// PASS/FAIL lines and "e2e: N passed, M failed", screenshots failures.
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS || 90_000)
// Default wait for a selector; generous because the first page load makes Vite
// transform every module.
export const WAIT_MS = Number(process.env.E2E_WAIT_MS || 30_000)

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-crash-reporter',
]

// Known harmless noise of `wails dev` in a browser: its ipc.js fails on a
// `nodes` property. Anything else thrown in the page fails the test.
export function isKnownNoise(err) {
  const text = `${err?.message ?? err} ${err?.stack ?? ''}`
  return /\bnodes\b/.test(text) && (/ipc\.js/.test(text) || !err?.stack || /wails/i.test(text))
}

export class AssertionError extends Error {}

export function assert(cond, message) {
  if (!cond) throw new AssertionError(message)
}

export function assertIncludes(haystack, needle, what) {
  assert(
    typeof haystack === 'string' && haystack.includes(needle),
    `${what} should contain ${JSON.stringify(needle)}, got ${JSON.stringify(clip(haystack))}`,
  )
}

export function clip(s, n = 300) {
  if (typeof s !== 'string') return s
  return s.length > n ? s.slice(0, n) + '…' : s
}

function withTimeout(promise, ms, what) {
  let timer
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/**
 * Runs tests: [{ name, fn(ctx), timeoutMs? }] where ctx = { page, url, dialogs, pageErrors, consoleErrors }.
 * Each test gets a fresh page (same browser profile) and TEST_TIMEOUT_MS, or its own
 * timeoutMs (a long walk through many screens). Returns the number of failures.
 */
export async function runTests(tests, { url, artifacts }) {
  fs.mkdirSync(artifacts, { recursive: true })
  // A fresh profile; Chromium's crash-report and cache dirs (which follow
  // XDG_CONFIG_HOME/XDG_CACHE_HOME, not --user-data-dir) go there too.
  const profile = fs.mkdtempSync(path.join(process.env.E2E_TMP || os.tmpdir(), 'careinbox-e2e-chromium-'))
  const xdg = { XDG_CONFIG_HOME: path.join(profile, 'xdg-config'), XDG_CACHE_HOME: path.join(profile, 'xdg-cache') }
  let passed = 0
  let failed = 0
  let context
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      env: { ...process.env, ...xdg },
      viewport: { width: 1366, height: 900 },
      timeout: 60_000,
    })
    context.setDefaultTimeout(WAIT_MS)
    // Other people edit and regenerate files (wailsjs bindings, sources) while
    // the tests run; Vite's HMR socket would then reload the page mid-test.
    // Its socket is answered by a stub that never speaks; the Wails IPC socket
    // (/wails/…) still reaches the back end.
    await context.routeWebSocket(
      (u) => !u.pathname.startsWith('/wails'),
      () => {},
    )
    for (const test of tests) {
      const page = await context.newPage()
      const ctx = { page, url, dialogs: [], pageErrors: [], consoleErrors: [], navigations: [] }
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) ctx.navigations.push(frame.url())
      })
      page.on('dialog', (d) => {
        ctx.dialogs.push(`${d.type()}: ${d.message()}`)
        d.dismiss().catch(() => {})
      })
      page.on('pageerror', (err) => {
        if (!isKnownNoise(err)) ctx.pageErrors.push(err)
      })
      page.on('console', (msg) => {
        if (msg.type() === 'error') ctx.consoleErrors.push(msg.text())
      })
      const t0 = Date.now()
      try {
        await withTimeout(test.fn(ctx), test.timeoutMs ?? TEST_TIMEOUT_MS, test.name)
        assert(ctx.dialogs.length === 0, `dialogs fired: ${ctx.dialogs.join(' | ')}`)
        assert(
          ctx.pageErrors.length === 0,
          `uncaught errors in the page: ${ctx.pageErrors.map((e) => e.message).join(' | ')}`,
        )
        passed++
        console.log(`PASS ${test.name} (${Date.now() - t0} ms)`)
        if (process.env.E2E_SHOTS) {
          // E2E_SHOTS=dir keeps the end state of every passing test, to compare a UI change by eye.
          fs.mkdirSync(process.env.E2E_SHOTS, { recursive: true })
          const shot = path.join(process.env.E2E_SHOTS, `${test.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '')}.png`)
          await page.screenshot({ path: shot, timeout: 10_000 }).catch((e) => console.log(`     (no screenshot: ${e.message})`))
        }
      } catch (err) {
        failed++
        console.log(`FAIL ${test.name} (${Date.now() - t0} ms)`)
        console.log(`     ${(err instanceof AssertionError ? err.message : err?.stack || err).replace(/\n/g, '\n     ')}`)
        for (const d of ctx.dialogs) console.log(`     dialog fired: ${clip(d)}`)
        for (const e of ctx.pageErrors) console.log(`     page error: ${clip(e.message)}`)
        for (const e of ctx.consoleErrors.slice(0, 10)) console.log(`     console error: ${clip(e)}`)
        if (ctx.navigations.length > 1) console.log(`     note: the page (re)loaded ${ctx.navigations.length} times during the test`)
        const base = path.join(artifacts, test.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, ''))
        try {
          await page.screenshot({ path: `${base}.png`, fullPage: true, timeout: 10_000 })
          fs.writeFileSync(`${base}.html`, await page.content())
          console.log(`     screenshot: ${base}.png (DOM: ${base}.html)`)
        } catch (shotErr) {
          console.log(`     (no screenshot: ${shotErr.message})`)
        }
      } finally {
        await page.close().catch(() => {})
      }
    }
  } catch (err) {
    failed++
    console.log(`FAIL browser: ${err?.stack || err}`)
  } finally {
    if (context) await context.close().catch(() => {})
    fs.rmSync(profile, { recursive: true, force: true })
  }
  console.log(`e2e: ${passed} passed, ${failed} failed`)
  return failed
}
