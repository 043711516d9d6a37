/** QUOTE_MAX_CHARS is how much of a bad value an error message repeats; the rest is cut so the message stays readable. */
export const QUOTE_MAX_CHARS = 64

/** quoteValue returns the value as a JSON string for an error message, cut to `max` characters (QUOTE_MAX_CHARS) with `…`. */
export function quoteValue(value: string, max: number = QUOTE_MAX_CHARS): string {
  return JSON.stringify(value.length > max ? `${value.slice(0, max)}…` : value)
}
