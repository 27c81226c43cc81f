import { i18n, t } from '@/i18n'

/** Parses "YYYY-MM-DD" as a local calendar date (no time-zone shift). */
function parseDate(iso: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso)
  if (!m) return null
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
}

/** A calendar date in the current locale; "—" when unset. */
export function formatDate(iso?: string | null): string {
  if (!iso) return '—'
  const d = parseDate(iso)
  return d ? i18n.global.d(d, 'date') : iso
}

/** A timestamp in the current locale. */
export function formatDateTime(iso?: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? iso : i18n.global.d(d, 'datetime')
}

export function formatNumber(n?: number | null): string {
  if (n === undefined || n === null) return '—'
  return i18n.global.n(n, 'integer')
}

export type EnumKind =
  | 'org_type' | 'unit_type' | 'status' | 'category' | 'education' | 'degree' | 'exit_type'
  | 'role' | 'sex' | 'job_status' | 'action' | 'entity'
  | 'stage' | 'dev_status' | 'stop_reason' | 'status_change_kind' | 'abroad_purpose' | 'transfer_kind'
  | 'transfer_status' | 'severity' | 'outcome'

/** The label of an enum value the server sends in English snake_case. */
export function enumLabel(kind: EnumKind, value?: string | null): string {
  if (value === undefined || value === null || value === '') return '—'
  if (value === 'unknown') return t('enums.unknown')
  const key = `enums.${kind}.${value}`
  return i18n.global.te(key) ? t(key) : value
}

/** Today as "YYYY-MM-DD" in local time. */
export function today(): string {
  const d = new Date()
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}
