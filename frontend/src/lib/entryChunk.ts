// The build's check that screens loaded on demand stay out of the entry
// bundle (vite.config.ts runs it on every `vite build`): a static import added
// in the wrong place would quietly pull a lazy screen, or the libraries only
// it needs, back into what every start must load and parse.

/** What the check needs of a Rollup output chunk. */
export interface ChunkInfo {
  fileName: string
  isEntry: boolean
  imports: string[] // the chunks it imports statically
  moduleIds: string[]
}

/**
 * Modules that must load on demand: the screens nobody sees at start and
 * the libraries only they use. Matched against module ids (absolute paths).
 */
export const LAZY_ONLY: RegExp[] = [
  /\/src\/features\/reports\//,
  /\/src\/features\/guide\//,
  /\/src\/features\/deadlines\/(DeadlineSettings|CalendarEditor|PublicCloseSettings|DueSoon)\.tsx$/,
  /\/src\/features\/thread\/Thread\.tsx$/,
  /\/src\/features\/compose\//,
  /\/src\/features\/shell\/Onboarding\.tsx$/,
  /\/src\/features\/handles\/(AddHandle|UpdateSignIn)\.tsx$/,
  /\/src\/features\/triage\/Overlays\.tsx$/,
  /\/src\/features\/thread\/CustomerView\.tsx$/,
  /\/src\/features\/data\/(DataScreen|ExportCard|BackupCard|ForgetCard)\.tsx$/,
  /\/node_modules\/(uplot|mdast-[^/]+|micromark[^/]*)\//,
  // The generated models: a namespace of classes no bundler can tree-shake
  // (≈ 45 KB), needed only for their types (see src/lib/wails/models.ts).
  /\/wailsjs\/go\/models\.ts$/,
]

/** The chunks loaded with an entry: it and everything it imports statically. */
export function staticClosure(chunks: ChunkInfo[], entry: ChunkInfo): ChunkInfo[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]))
  const seen = new Set<string>()
  const out: ChunkInfo[] = []
  const visit = (c: ChunkInfo | undefined) => {
    if (!c || seen.has(c.fileName)) return
    seen.add(c.fileName)
    out.push(c)
    c.imports.forEach((f) => visit(byName.get(f)))
  }
  visit(entry)
  return out
}

/** Every "chunk: module" of a lazy-only module that an entry loads at start. */
export function lazyInEntry(chunks: ChunkInfo[], lazyOnly: RegExp[] = LAZY_ONLY): string[] {
  const bad: string[] = []
  for (const entry of chunks.filter((c) => c.isEntry)) {
    for (const c of staticClosure(chunks, entry)) {
      for (const id of c.moduleIds) {
        if (lazyOnly.some((re) => re.test(id.replaceAll('\\', '/')))) bad.push(`${c.fileName}: ${id}`)
      }
    }
  }
  return bad
}
