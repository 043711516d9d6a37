/**
 * The one funnel every log line of the action goes through. Lines carry outside text (group names, versions, task
 * ids, API codes and messages), and the runner reads any stdout line that starts with `::` as a workflow command
 * (`::add-mask::`, `::stop-commands::`, `::warning::`). So each line is redacted, its CR and LF are escaped as the
 * toolkit escapes command data (`%0D`, `%0A`), and a line that would still start a command gets its first colon
 * escaped (`%3A`); the legacy `##[` form is escaped too.
 */
import { redact } from './redact.js'

/** Logger is what every stage writes to; the action's one instance is createLogger(core). */
export interface Logger {
  info(message: string): void
  warning(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** LogSink is the part of @actions/core a Logger writes through. */
export interface LogSink {
  info(message: string): void
  warning(message: string): void
  group<T>(name: string, fn: () => Promise<T>): Promise<T>
}

/** safeLine returns text fit for one log line: redacted, CR and LF escaped, unable to start a workflow command. */
export function safeLine(text: string): string {
  const oneLine = redact(text).replace(/\r/g, '%0D').replace(/\n/g, '%0A').replace(/##\[/g, '##%5B')
  return /^\s*::/.test(oneLine) ? oneLine.replace(':', '%3A') : oneLine
}

/** createLogger returns the Logger that writes every line to `sink` through safeLine. */
export function createLogger(sink: LogSink): Logger {
  return {
    info: (message) => sink.info(safeLine(message)),
    warning: (message) => sink.warning(safeLine(message)),
    group: (name, fn) => sink.group(safeLine(name), fn)
  }
}

/**
 * prefixLogger returns a logger whose lines start with `<prefix>: `, so that the lines of groups handled concurrently
 * stay readable when they interleave; its `group` only logs the name (the runner's log groups do not nest).
 */
export function prefixLogger(logger: Logger, prefix: string): Logger {
  return {
    info: (message) => logger.info(`${prefix}: ${message}`),
    warning: (message) => logger.warning(`${prefix}: ${message}`),
    group: (name, fn) => {
      logger.info(`${prefix}: ${name}`)
      return fn()
    }
  }
}
