#!/usr/bin/env node
// End-to-end tests of the Care Inbox UI in Chromium against the real Go back
// end served by `wails dev`. Normally started by scripts/test-e2e.sh.
//
//   E2E_URL=http://localhost:34115 node frontend/e2e/run.mjs
//
// E2E_URL        the Wails dev server (default http://localhost:34115)
// E2E_INBOX      JSON of `careinbox inbox --demo --limit 10` (optional: rows are then matched by id)
// E2E_ARTIFACTS  where failure screenshots go (default: a new temp dir)
// E2E_ONLY       run only the tests whose name contains this text, or of the file with this stem (donewhen)
// E2E_SUITE      "first-run": the newcomer's empty workspace instead of the demo;
//                "problem": a workspace whose database is damaged;
//                "restore" / "restored": a backup restored, before and after the restart
// E2E_SHOTS      a directory: keep a screenshot of the end state of every passing test
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runTests } from './harness.mjs'
import { tests } from './inbox.e2e.mjs'
import { tests as triageTests } from './triage.e2e.mjs'
import { tests as deadlineTests } from './deadlines.e2e.mjs'
import { tests as reportTests } from './reports.e2e.mjs'
import { tests as voiceTests } from './voice.e2e.mjs'
import { tests as csatTests } from './csat.e2e.mjs'
import { tests as firstRunTests } from './firstrun.e2e.mjs'
import { tests as problemTests } from './problem.e2e.mjs'
import { tests as a11yTests } from './a11y.e2e.mjs'
import { tests as setupTests } from './setup.e2e.mjs'
import { tests as inbox14Tests, firstRunTests as inbox14FirstRun } from './inbox14.e2e.mjs'
import { tests as composeTests } from './compose.e2e.mjs'
import { tests as dataTests } from './data.e2e.mjs'
import { tests as listeningTests } from './listening.e2e.mjs'
import { tests as polishTests } from './polish.e2e.mjs'
import { tests as doneWhenTests, firstRunTests as doneWhenFirstRun } from './donewhen.e2e.mjs'
import { tests as importTests } from './import.e2e.mjs'
import { tests as backfillTests } from './backfill.e2e.mjs'
import { restoreTests, restoredTests } from './restore.e2e.mjs'

const url = process.env.E2E_URL || 'http://localhost:34115'
const artifacts = process.env.E2E_ARTIFACTS || fs.mkdtempSync(path.join(os.tmpdir(), 'careinbox-e2e-artifacts-'))
const inbox = process.env.E2E_INBOX ? JSON.parse(fs.readFileSync(process.env.E2E_INBOX, 'utf8')) : null

// E2E_SUITE=first-run runs against an empty workspace of one's own; the
// default suites run against the demo workspace.
// Each test carries the stem of its file, so E2E_ONLY=donewhen runs that file.
const of = (file, list) => list.map((t) => ({ ...t, file }))
const suites = {
  'first-run': () => [...of('firstrun', firstRunTests()), ...of('inbox14', inbox14FirstRun()), ...of('donewhen', doneWhenFirstRun())],
  problem: () => of('problem', problemTests()),
  restore: () => of('restore', restoreTests()),
  restored: () => of('restore', restoredTests()),
}
let list = suites[process.env.E2E_SUITE]?.() ?? [
  ...of('inbox', tests({ inbox })),
  ...of('deadlines', deadlineTests({ inbox })),
  ...of('triage', triageTests({ inbox })),
  ...of('reports', reportTests()),
  ...of('voice', voiceTests()),
  ...of('csat', csatTests()),
  ...of('setup', setupTests()),
  ...of('inbox14', inbox14Tests({ inbox })),
  ...of('a11y', a11yTests()),
  ...of('compose', composeTests()),
  ...of('polish', polishTests({ inbox })),
  ...of('import', importTests()),
  ...of('backfill', backfillTests()),
  ...of('data', dataTests()),
  ...of('donewhen', doneWhenTests({ inbox })),
  ...of('listening', listeningTests()),
]
const only = process.env.E2E_ONLY
if (only) list = list.filter((t) => t.name.includes(only) || t.file === only)

console.log(`e2e: ${list.length} tests against ${url}${inbox ? ` (inbox: ${inbox.items.length} conversations from the CLI)` : ''}`)
const failed = await runTests(list, { url, artifacts })
// An empty list fails, except when E2E_ONLY emptied it: scripts/test-e2e.sh
// then goes on to the sub-suites that have the tests asked for.
process.exit(failed === 0 && (list.length > 0 || process.env.E2E_ONLY) ? 0 : 1)
