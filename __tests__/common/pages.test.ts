import { describe, expect, it } from '@jest/globals'
import { isLastPage, MAX_REGION_PAGES, MAX_TASK_PAGES, nextPage, pageCount } from '../../src/common/pages.js'

describe('pageCount', () => {
  it.each([
    { name: 'no items', total: 0, max: 100, expected: 1 },
    { name: 'a negative count', total: -5, max: 100, expected: 1 },
    { name: 'one page', total: 100, max: 100, expected: 1 },
    { name: 'a partial second page', total: 101, max: 100, expected: 2 },
    { name: '250 groups', total: 250, max: 100, expected: 3 },
    { name: 'exactly the limit', total: 10_000, max: 100, expected: 100 },
    { name: 'one group over the limit', total: 10_001, max: 100, expected: 100 },
    { name: 'a TotalCount of 10^9', total: 1e9, max: MAX_REGION_PAGES, expected: MAX_REGION_PAGES },
    { name: 'a TotalCount of 10^12', total: 1e12, max: MAX_REGION_PAGES, expected: MAX_REGION_PAGES },
    { name: 'an infinite count', total: Infinity, max: 10, expected: 10 },
    { name: 'not a number', total: NaN, max: 10, expected: 10 }
  ])('gives $expected for $name', ({ total, max, expected }) => {
    expect(pageCount(total, max)).toBe(expected)
  })

  it('follows the page size', () => {
    expect(pageCount(45, 100, 20)).toBe(3)
  })
})

describe('isLastPage', () => {
  it.each([
    { name: 'a short page, whatever TotalCount claims', page: 1, listed: 3, total: 1e12, expected: true },
    { name: 'an empty page', page: 4, listed: 0, total: 1e9, expected: true },
    { name: 'a full page that TotalCount says is the end', page: 2, listed: 100, total: 200, expected: true },
    { name: 'a full page with more to come', page: 2, listed: 100, total: 201, expected: false },
    { name: 'a full page of a lying TotalCount', page: 1, listed: 100, total: 1e12, expected: false }
  ])('says $expected for $name', ({ page, listed, total, expected }) => {
    expect(isLastPage(page, listed, total)).toBe(expected)
  })
})

describe('nextPage', () => {
  it.each([
    { name: 'more to come', page: 1, listed: 100, total: 250, max: MAX_TASK_PAGES, expected: 2 },
    { name: 'the last page', page: 3, listed: 50, total: 250, max: MAX_TASK_PAGES, expected: undefined },
    { name: 'the limit reached', page: MAX_TASK_PAGES, listed: 100, total: 1e9, max: MAX_TASK_PAGES, expected: undefined },
    { name: 'below the limit with a lying TotalCount', page: 9, listed: 100, total: 1e12, max: MAX_TASK_PAGES, expected: 10 }
  ])('gives $expected after $name', ({ page, listed, total, max, expected }) => {
    expect(nextPage(page, listed, total, max)).toBe(expected)
  })
})
