import { describe, expect, it } from 'vitest'
import { lazyInEntry, LAZY_ONLY, type ChunkInfo } from './entryChunk'

const chunk = (fileName: string, moduleIds: string[], imports: string[] = [], isEntry = false): ChunkInfo => ({
  fileName,
  isEntry,
  imports,
  moduleIds,
})

describe('lazyInEntry', () => {
  it('passes a build whose lazy screens sit in chunks of their own', () => {
    const chunks = [
      chunk('index.js', ['/w/frontend/src/main.tsx', '/w/frontend/src/App.tsx'], ['vendor.js'], true),
      chunk('vendor.js', ['/w/frontend/node_modules/react-dom/index.js']),
      chunk('Reports.js', ['/w/frontend/src/features/reports/Reports.tsx']),
      chunk('plot.js', ['/w/frontend/node_modules/uplot/dist/uPlot.esm.js']),
      chunk('Thread.js', ['/w/frontend/src/features/thread/Thread.tsx', '/w/frontend/src/features/compose/Composer.tsx']),
    ]
    expect(lazyInEntry(chunks)).toEqual([])
  })

  it('names a lazy module pulled into the entry, directly or through a chunk it imports', () => {
    const chunks = [
      chunk('index.js', ['/w/frontend/src/main.tsx', '/w/frontend/src/features/guide/Markdown.tsx'], ['shared.js'], true),
      chunk('shared.js', ['/w/frontend/node_modules/micromark/lib/parse.js']),
      chunk('Reports.js', ['/w/frontend/src/features/reports/Reports.tsx'], ['shared.js']),
    ]
    expect(lazyInEntry(chunks)).toEqual([
      'index.js: /w/frontend/src/features/guide/Markdown.tsx',
      'shared.js: /w/frontend/node_modules/micromark/lib/parse.js',
    ])
  })

  it('covers the screens a user does not see at start', () => {
    for (const path of [
      '/a/src/features/reports/Reports.tsx',
      '/a/src/features/deadlines/DeadlineSettings.tsx',
      '/a/src/features/guide/VoiceSettings.tsx',
      '/a/src/features/thread/Thread.tsx',
      '/a/src/features/shell/Onboarding.tsx',
      '/a/src/features/handles/AddHandle.tsx',
      '/a/src/features/triage/Overlays.tsx',
      '/a/node_modules/mdast-util-from-markdown/lib/index.js',
      '/a/node_modules/uplot/dist/uPlot.esm.js',
      '/a/wailsjs/go/models.ts',
    ]) {
      expect(LAZY_ONLY.some((re) => re.test(path)), path).toBe(true)
    }
    // The queue itself is what the entry is for.
    expect(LAZY_ONLY.some((re) => re.test('/a/src/features/inbox/ConversationList.tsx'))).toBe(false)
    expect(LAZY_ONLY.some((re) => re.test('/a/src/features/deadlines/DeadlineChip.tsx'))).toBe(false)
  })
})
