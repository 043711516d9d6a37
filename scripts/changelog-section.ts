/**
 * Prints the CHANGELOG.md section of one version: the release notes that .github/workflows/release.yml gives the
 * GitHub Release, and what scripts/release.sh checks before it tags. One extractor for both, so a release the
 * script accepts is one the workflow can publish.
 * Usage: `tsx scripts/changelog-section.ts X.Y.Z [path to CHANGELOG.md]`; exits 1 when the section is missing or empty.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

// `## 1.0.0 - 2026-12-02`, also the older `## [0.1.0] - 2026-11-28`.
const HEADING = /^## \[?([^\]\s]+)\]?(?:\s+-\s+(\d{4}-\d{2}-\d{2}))?\s*$/

/** changelogSection returns the body of `## <version> - <date>` up to the next `## ` heading; throws when it is missing, undated or empty. */
export function changelogSection(changelog: string, version: string): string {
  const lines = changelog.split('\n')
  const start = lines.findIndex((line) => HEADING.exec(line)?.[1] === version)
  if (start < 0) throw new Error(`CHANGELOG.md has no "## ${version} - YYYY-MM-DD" section`)
  if (!HEADING.exec(lines[start] ?? '')?.[2])
    throw new Error(`CHANGELOG.md: "${lines[start]}" has no date ("## ${version} - YYYY-MM-DD")`)
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const body = lines
    .slice(start + 1, next < 0 ? undefined : next)
    .join('\n')
    .trim()
  if (body === '') throw new Error(`CHANGELOG.md: the ${version} section is empty`)
  return body
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [version = '', path = 'CHANGELOG.md'] = process.argv.slice(2)
  try {
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error('usage: changelog-section.ts X.Y.Z [CHANGELOG.md]')
    console.log(changelogSection(readFileSync(path, 'utf8'), version))
  } catch (error) {
    console.error((error as Error).message)
    process.exit(1)
  }
}
