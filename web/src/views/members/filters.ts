import type { LocationQuery } from 'vue-router'
import type { MemberFilter } from '@/api/types'

export const FILTER_KEYS = ['q', 'category', 'status', 'sex', 'education', 'ethnicity', 'age_band'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]
export type FilterForm = Record<FilterKey, string>

export interface ListState { filter: FilterForm; page: number; size: number; sort: string }

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/** The member list state as the URL keeps it (?q=&sex=&page=&size=&sort=). */
export function stateFromQuery(q: LocationQuery): ListState {
  const filter = Object.fromEntries(FILTER_KEYS.map((k) => [k, str(q[k])])) as FilterForm
  const page = Math.max(1, Number(q.page) || 1)
  const size = [20, 50, 100, 200].includes(Number(q.size)) ? Number(q.size) : 20
  return { filter, page, size, sort: str(q.sort) }
}

/** The URL query of a list state (only set values; org kept). */
export function queryFromState(s: ListState, org: string | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (org) out.org = org
  for (const k of FILTER_KEYS) if (s.filter[k]) out[k] = s.filter[k]
  if (s.page > 1) out.page = String(s.page)
  if (s.size !== 20) out.size = String(s.size)
  if (s.sort) out.sort = s.sort
  return out
}

export function toApiFilter(f: FilterForm, org: number | null): MemberFilter {
  return {
    org: org ?? undefined,
    q: f.q || undefined,
    category: (f.category || undefined) as MemberFilter['category'],
    status: f.status || undefined,
    sex: (f.sex || undefined) as MemberFilter['sex'],
    education: f.education || undefined,
    ethnicity: f.ethnicity || undefined,
    age_band: f.age_band || undefined,
  }
}

/** el-table's sort-change to the API's sort ("name", "-birth_date"). */
export function sortParam(prop: string | null, order: 'ascending' | 'descending' | null): string {
  if (!prop || !order) return ''
  return order === 'descending' ? `-${prop}` : prop
}

export function sortOrder(sort: string, prop: string): 'ascending' | 'descending' | null {
  if (sort === prop) return 'ascending'
  if (sort === `-${prop}`) return 'descending'
  return null
}
