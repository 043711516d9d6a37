#!/usr/bin/env bash
# Prepares and tags release vX.Y.Z from a clean, green main. The tag push hands over to
# .github/workflows/release.yml, which checks the tagged commit again, publishes the GitHub Release with the
# CHANGELOG section as notes and moves the major tag (v1). This script never moves the major tag itself, so that
# `@v1` only ever points at a commit that CI verified and released.
#   scripts/release.sh 1.2.0          # check, bump, commit and tag locally; prints the push command
#   scripts/release.sh 1.2.0 --push   # the same, then push main and the tag (the workflow does the rest)
# A version with a suffix (1.3.0-rc.1) becomes a pre-release and leaves the major tag alone.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-}"
push="${2:-}"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]] || { [ -n "$push" ] && [ "$push" != --push ]; }; then
  echo "usage: scripts/release.sh X.Y.Z [--push]" >&2
  exit 2
fi
tag="v$version"
fail() {
  echo "release: $*" >&2
  exit 1
}

[ "$(git rev-parse --abbrev-ref HEAD)" = main ] || fail "release from main only"
[ -z "$(git status --porcelain)" ] || fail "the work tree is not clean; commit or stash first"
if git rev-parse -q --verify "refs/tags/$tag" > /dev/null; then fail "$tag exists already"; fi

echo "== npm ci"
npm ci --no-audit --no-fund
# The same extractor the release workflow uses for the Release notes.
npx tsx scripts/changelog-section.ts "$version" > /dev/null || fail "add a '## $version - $(date -u +%F)' section to CHANGELOG.md first"

echo "== dist/ must be what this commit's source builds to"
npm run -s build
[ -z "$(git status --porcelain -- dist)" ] || fail "dist/ is stale: run 'npm run build' and commit dist/ first"

echo "== version $version"
npm version "$version" --no-git-tag-version --allow-same-version > /dev/null
# dist/ embeds the version (the API client's user agent), so it is rebuilt after the bump.
npm run -s build
trap 'echo "release: stopped; undo the bump with: git checkout -- package.json package-lock.json dist" >&2' ERR

echo "== validate and test"
npm run -s validate
npm test
trap - ERR

if [ -n "$(git status --porcelain)" ]; then
  git add package.json package-lock.json dist
  git commit -q -m "Release $tag"
fi
git tag -a "$tag" -m "$tag"
echo "tagged $tag at $(git rev-parse --short "$tag^{commit}")"
if [ "$push" = --push ]; then
  git push --atomic origin main "refs/tags/$tag"
  echo "pushed: .github/workflows/release.yml now checks $tag, publishes the Release and moves the major tag"
else
  echo "push with: git push --atomic origin main refs/tags/$tag"
fi
