#!/usr/bin/env node
// Scroll benchmark (run by scripts/bench.sh, not by make test): the real UI
// in Chromium against the real back end on the 1 M-message archive. It
// scrolls the virtualized list of all 100 k conversations with the wheel and
// records every animation frame, then jumps deep into the list and measures
// how long rows stay blank while their page loads.
//
//   BENCH_URL=http://localhost:34115 BENCH_OUT=build/bench/scroll.md node frontend/e2e/scrollbench.mjs
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { CHROMIUM } from './harness.mjs'

const url = process.env.BENCH_URL || 'http://localhost:34115'
const out = process.env.BENCH_OUT || 'scroll.md'
const profile = fs.mkdtempSync(path.join(process.env.BENCH_TMP || os.tmpdir(), 'careinbox-bench-chromium-'))
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  viewport: { width: 1280, height: 800 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const page = ctx.pages()[0] ?? (await ctx.newPage())
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN
}
try {
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 120_000 })
  const list = page.locator('[data-testid="conversation-list"]')
  await list.waitFor({ state: 'visible', timeout: 120_000 })
  await page.locator('[data-testid="status-filter"] [data-status="all"], [data-testid="status-filter"] button:has-text("All")').first().click()
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="conversation-list"]')?.getAttribute('data-total')) > 50_000, null, { timeout: 120_000 })
  const total = Number(await list.getAttribute('data-total'))
  // The first start on a fresh archive computes every open conversation's
  // deadline and marks the credential-less handles; let that finish so the
  // numbers are about scrolling, not start-up.
  await page.waitForTimeout(Number(process.env.BENCH_SETTLE_MS || 20_000))
  const box = await list.boundingBox()
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)

  // Wheel scrolling: 400 steps of 240 px (about 1 300 rows), every frame timed.
  await page.evaluate(() => {
    window.__frames = []
    let last = performance.now()
    const tick = (t) => {
      window.__frames.push(t - last)
      last = t
      if (!window.__stop) requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  })
  let blankSamples = 0
  let samples = 0
  for (let i = 0; i < 400; i++) {
    await page.mouse.wheel(0, 240)
    if (i % 10 === 0) {
      samples++
      blankSamples += await page.evaluate(() => document.querySelectorAll('[data-testid="conversation-list"] .row-loading').length > 0 ? 1 : 0)
    }
    await page.waitForTimeout(16)
  }
  const frames = await page.evaluate(() => {
    window.__stop = true
    return window.__frames.slice(1)
  })

  // Jumps deep into the list: time until every visible row has content.
  const jumps = []
  for (const fraction of [0.25, 0.5, 0.75, 0.95, 0.1, 0.6, 0.33, 0.85, 0.05, 0.45, 0.7, 0.15]) {
    const t = await page.evaluate(async (f) => {
      const el = document.querySelector('[data-testid="conversation-list"]')
      const start = performance.now()
      el.scrollTop = f * el.scrollHeight
      for (;;) {
        await new Promise((r) => requestAnimationFrame(r))
        if (!el.querySelector('.row-loading')) return performance.now() - start
        if (performance.now() - start > 10_000) return NaN
      }
    }, fraction)
    jumps.push(t)
  }

  const ms = (v) => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a')
  const report = [
    `| scroll (Chromium, real back end, ${total.toLocaleString('en')} conversations) | p50 | p95 | max |`,
    '|---|---:|---:|---:|',
    `| frame interval while wheel-scrolling (${frames.length} frames) | ${ms(pct(frames, 50))} | ${ms(pct(frames, 95))} | ${ms(Math.max(...frames))} |`,
    `| jump deep into the list until every visible row is filled (${jumps.length} jumps) | ${ms(pct(jumps, 50))} | ${ms(pct(jumps, 95))} | ${ms(Math.max(...jumps))} |`,
    '',
    `Rows still loading at a sampled moment of wheel scrolling: ${blankSamples} of ${samples} samples.`,
  ].join('\n')
  fs.writeFileSync(out, report + '\n')
  console.log(report)
} finally {
  await ctx.close()
  fs.rmSync(profile, { recursive: true, force: true })
}
