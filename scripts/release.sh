#!/usr/bin/env bash
# Cuts release vX.Y.Z from a clean, green main and moves the major tag (v1) to it, so workflows that pin
# `@v1` get the release and those that pin `@vX.Y.Z` never change.
#   scripts/release.sh 1.2.0          # tag locally and show what would be pushed
#   scripts/release.sh 1.2.0 --push   # also push the tags
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-}"
push="${2:-}"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: scripts/release.sh X.Y.Z [--push]" >&2
  exit 2
fi
tag="v$version"
major="v${version%%.*}"

[ "$(git rev-parse --abbrev-ref HEAD)" = main ] || { echo "release from main only" >&2; exit 1; }
[ -z "$(git status --porcelain)" ] || { echo "the work tree is not clean" >&2; exit 1; }
git rev-parse -q --verify "refs/tags/$tag" > /dev/null && { echo "$tag exists already" >&2; exit 1; }
grep -q "^## \[$version\]" CHANGELOG.md || { echo "CHANGELOG.md has no '## [$version]' entry" >&2; exit 1; }
[ "$(node -p 'require("./package.json").version')" = "$version" ] || {
  echo "package.json's version is not $version: run 'npm version $version --no-git-tag-version', rebuild and commit" >&2
  exit 1
}

# The bundle users run must be exactly what this commit's source builds to, and the tests must pass.
npm ci --no-audit --no-fund
npm run build
[ -z "$(git status --porcelain -- dist)" ] || { echo "dist/ is stale: rebuild and commit it first" >&2; exit 1; }
npm test

git tag -a "$tag" -m "$tag"
git tag -f -a "$major" -m "$major (moves with releases; now $tag)" "$tag^{commit}"
echo "tagged $tag and moved $major to $(git rev-parse --short "$tag")"
if [ "$push" = --push ]; then
  git push origin "$tag"
  git push -f origin "$major"
else
  echo "push with: git push origin $tag && git push -f origin $major"
fi
