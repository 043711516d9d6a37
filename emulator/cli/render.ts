/**
 * Terminal rendering of what the GitHub runner would show: workflow commands in the action's log (groups
 * folded into headed blocks, masks applied, debug lines hidden) and the HTML job summary as plain text.
 * Used by `npm start`; nothing here talks to the API.
 */

const COLOURS = { bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', reset: '\x1b[0m' }
type Paint = (style: keyof typeof COLOURS, text: string) => string

/** paint returns a painter that colours text only when `enabled` (a TTY without NO_COLOR). */
export function paint(enabled: boolean): Paint {
  return (style, text) => (enabled ? `${COLOURS[style]}${text}${COLOURS.reset}` : text)
}

// @actions/core escapes command data; the runner reverses it before display.
function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** LogRenderer turns the action's raw stdout into what a person reads in the runner's log view. */
export class LogRenderer {
  private pending = ''
  private inGroup = false
  private readonly masks: string[] = []

  constructor(
    private readonly write: (text: string) => void,
    private readonly colour: Paint = paint(false)
  ) {}

  /** push renders every complete line of `chunk`; a partial last line waits for the next chunk. */
  push(chunk: string): void {
    const lines = (this.pending + chunk).split('\n')
    this.pending = lines.pop() ?? ''
    for (const line of lines) this.line(line.replace(/\r$/, ''))
  }

  /** end renders what is left and closes an open group. */
  end(): void {
    if (this.pending) this.line(this.pending)
    this.pending = ''
    this.inGroup = false
  }

  private mask(text: string): string {
    return this.masks.reduce((out, secret) => out.split(secret).join('***'), text)
  }

  private line(raw: string): void {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw)
    const indent = this.inGroup ? '  ' : ''
    if (!command) {
      this.write(`${indent}${this.mask(raw)}\n`)
      return
    }
    const [, name, , data] = command
    const message = this.mask(unescapeData(data))
    switch (name) {
      case 'add-mask':
        if (message) this.masks.push(unescapeData(data))
        return
      case 'debug':
        return
      case 'group':
        this.inGroup = true
        this.write(`${this.colour('bold', `▾ ${message}`)}\n`)
        return
      case 'endgroup':
        this.inGroup = false
        return
      case 'error':
        this.write(`${indent}${this.colour('red', `Error: ${message}`)}\n`)
        return
      case 'warning':
        this.write(`${indent}${this.colour('yellow', `Warning: ${message}`)}\n`)
        return
      case 'notice':
        this.write(`${indent}${this.colour('cyan', `Notice: ${message}`)}\n`)
        return
      default:
        this.write(`${indent}${this.mask(raw)}\n`)
    }
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", nbsp: ' ' }

function decodeEntities(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole)
}

function cellText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ''))
    .replace(/\s+/g, ' ')
    .trim()
}

function renderTable(html: string): string {
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cellText(cell[1]))
  )
  const widths: number[] = []
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)))
  const lines = rows.map(
    (row) =>
      '  ' +
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd()
  )
  if (lines.length > 1) lines.splice(1, 0, '  ' + widths.map((w) => '─'.repeat(w)).join('  '))
  return `\n${lines.join('\n')}\n`
}

/** renderSummary returns the job summary's HTML/Markdown as readable plain text. */
export function renderSummary(html: string): string {
  const text = html
    .replace(/<table[^>]*>([\s\S]*?)<\/table>/g, (_, body: string) => renderTable(body))
    .replace(
      /<h(\d)[^>]*>([\s\S]*?)<\/h\d>/g,
      (_, level: string, body: string) => `\n${'#'.repeat(Number(level))} ${cellText(body)}\n`
    )
    .replace(/<li[^>]*>([\s\S]*?)<\/li>/g, (_, body: string) => `\n  - ${cellText(body)}`)
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/(p|div|ul|ol|details|summary|pre|blockquote)>/g, '\n')
    .replace(/<[^>]+>/g, '')
  return decodeEntities(text)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
