// The best-practices guide's Markdown, rendered as React elements from an
// AST (mdast-util-from-markdown, CommonMark), never as HTML: raw HTML in the
// source shows as the text it is, only http(s) links become links (opened in
// the system browser through the back end), images show as their text, and
// no element is ever given raw HTML (lib/rawhtml.test.ts checks the whole front end).
import type { Definition, Nodes, Parent, RootContent } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { useMemo, type MouseEvent, type ReactNode } from 'react'
import { safeHttpUrl } from '../../lib/linkify'
import { errorMessage, openLink } from '../../lib/wails'

/** Link definitions ([ref]: url) of a document, by normalised label. */
type Defs = Map<string, Definition>

function collectDefs(n: Nodes, defs: Defs) {
  if (n.type === 'definition') defs.set(n.identifier.toLowerCase(), n)
  if ('children' in n) for (const c of n.children) collectDefs(c as Nodes, defs)
}

function Link({ href, title, children }: { href: string; title?: string | null; children: ReactNode }) {
  return (
    <a
      href={href}
      title={title || href}
      rel="noopener noreferrer nofollow"
      className="ext-link"
      onClick={(e: MouseEvent) => {
        e.preventDefault()
        openLink(href).catch((err) => console.error('Could not open link:', errorMessage(err)))
      }}
      onAuxClick={(e: MouseEvent) => e.preventDefault()}
      onDragStart={(e) => e.preventDefault()}
    >
      {children}
    </a>
  )
}

function kids(n: Parent, defs: Defs): ReactNode[] {
  return n.children.map((c, i) => render(c, defs, i))
}

function render(n: RootContent, defs: Defs, key: number): ReactNode {
  switch (n.type) {
    case 'text':
      return n.value
    case 'paragraph':
      return <p key={key}>{kids(n, defs)}</p>
    case 'heading': {
      // The guide sits inside a page with its own h1: its levels start at h2.
      const H = (['h2', 'h3', 'h4', 'h5', 'h6', 'h6'] as const)[n.depth - 1]
      return <H key={key}>{kids(n, defs)}</H>
    }
    case 'emphasis':
      return <em key={key}>{kids(n, defs)}</em>
    case 'strong':
      return <strong key={key}>{kids(n, defs)}</strong>
    case 'delete':
      return <del key={key}>{kids(n, defs)}</del>
    case 'inlineCode':
      return <code key={key}>{n.value}</code>
    case 'code':
      return (
        <pre key={key}>
          <code>{n.value}</code>
        </pre>
      )
    case 'blockquote':
      return <blockquote key={key}>{kids(n, defs)}</blockquote>
    case 'list':
      return n.ordered ? (
        <ol key={key} start={n.start ?? undefined}>
          {kids(n, defs)}
        </ol>
      ) : (
        <ul key={key}>{kids(n, defs)}</ul>
      )
    case 'listItem':
      // A tight list's items hold paragraphs that should not add spacing.
      return <li key={key}>{n.spread ? kids(n, defs) : n.children.flatMap((c, i) => (c.type === 'paragraph' ? kids(c, defs) : [render(c, defs, i)]))}</li>
    case 'thematicBreak':
      return <hr key={key} />
    case 'break':
      return <br key={key} />
    case 'link': {
      const href = safeHttpUrl(n.url)
      return href ? (
        <Link key={key} href={href} title={n.title}>
          {kids(n, defs)}
        </Link>
      ) : (
        <span key={key}>{kids(n, defs)}</span>
      )
    }
    case 'linkReference': {
      const d = defs.get(n.identifier.toLowerCase())
      const href = d ? safeHttpUrl(d.url) : null
      return href ? (
        <Link key={key} href={href} title={d?.title}>
          {kids(n, defs)}
        </Link>
      ) : (
        <span key={key}>{kids(n, defs)}</span>
      )
    }
    case 'image':
    case 'imageReference':
      // No remote images: a guide never makes the app fetch anything.
      return n.alt ? <span key={key} className="md-image-alt">[{n.alt}]</span> : null
    case 'html':
      // Raw HTML is shown as typed, as text.
      return <code key={key} className="md-html">{n.value}</code>
    case 'definition':
      return null
    default:
      // Anything this renderer does not know is kept as its plain text.
      return 'children' in n ? <span key={key}>{kids(n as Parent, defs)}</span> : 'value' in n ? String(n.value) : null
  }
}

/** Renders Markdown as text structure: headings, lists, emphasis, code, quotes and http(s) links. */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const out = useMemo(() => {
    const tree = fromMarkdown(source)
    const defs: Defs = new Map()
    collectDefs(tree, defs)
    return tree.children.map((c, i) => render(c, defs, i))
  }, [source])
  return (
    <div className={className ? `markdown ${className}` : 'markdown'} data-testid="markdown">
      {out}
    </div>
  )
}
