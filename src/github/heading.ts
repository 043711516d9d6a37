/**
 * The job summary's line about the run: which release (or who dispatched it), the commit and the run, each linked.
 * Pure; every text is HTML-escaped here, because release names and actors are outside text.
 */
import { escapeHtml } from '../common/html.js'
import { redact } from '../common/redact.js'
import type { RunContext } from './context.js'

/** HeadingPiece is one part of the line: HTML-escaped text, and the link it points to when it has one. */
export interface HeadingPiece {
  /** HTML-escaped, e.g. `Release v2.4.0: Spring &amp; summer`. */
  readonly text: string
  /** An http(s) URL, HTML-escaped for an attribute; absent when the piece is plain text. */
  readonly href?: string
}

const SHORT_SHA = 7
const MAX_NAME = 80

/**
 * summaryHeadingPieces returns the line's pieces: the release (`Release` or `Pre-release`, its tag and name, linked to
 * its page) or `Dispatched by @actor`, then the commit and the run (with the attempt above 1), each linked when known.
 */
export function summaryHeadingPieces(context: RunContext): HeadingPiece[] {
  const pieces: HeadingPiece[] = []
  const { release } = context
  if (release) {
    const kind = release.prerelease ? 'Pre-release' : 'Release'
    const name = release.name !== '' && release.name !== release.tag ? `: ${clip(release.name)}` : ''
    pieces.push(piece(`${kind} ${release.tag}${name}`, release.htmlUrl))
  }
  if (context.dispatchedBy) pieces.push(piece(`Dispatched by @${context.dispatchedBy}`))
  if (context.sha !== '') pieces.push(piece(`Commit ${context.sha.slice(0, SHORT_SHA)}`, context.commitUrl))
  if (context.runId > 0) {
    const attempt = context.runAttempt > 1 ? `, attempt ${context.runAttempt}` : ''
    pieces.push(piece(`Run ${context.runId}${attempt}`, context.runUrl))
  }
  return pieces
}

/** summaryHeadingHtml returns the pieces as one HTML paragraph, links as `<a>`, joined by ` · `; '' for no pieces. */
export function summaryHeadingHtml(pieces: readonly HeadingPiece[]): string {
  if (pieces.length === 0) return ''
  const parts = pieces.map((p) => (p.href === undefined ? p.text : `<a href="${p.href}">${p.text}</a>`))
  return `<p>${parts.join(' · ')}</p>`
}

function piece(text: string, href = ''): HeadingPiece {
  const escaped = escapeHtml(redact(text))
  return href === '' ? { text: escaped } : { text: escaped, href: escapeHtml(href) }
}

function clip(text: string): string {
  return text.length > MAX_NAME ? `${text.slice(0, MAX_NAME - 1)}…` : text
}
