import { ApiError } from '@/api/http'
import { t } from '@/i18n'

/** The message of any error, as the UI shows it. */
export function errorText(e: unknown): string {
  return e instanceof ApiError ? e.message : String(e)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-05-01 09:00" of an ISO timestamp, in local time. */
export function formatMinute(iso?: string | null): string {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** "09:00" of an ISO timestamp. */
export function formatClock(iso?: string | null): string {
  if (!iso) return ''
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? '' : `${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** This month as "YYYY-MM". */
export function thisMonth(): string {
  const d = new Date()
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`
}

/** A label of life.<group>.<value>, or the value itself. */
export function lifeLabel(group: string, value?: string | null): string {
  if (!value) return '—'
  const key = `life.${group}.${value}`
  const s = t(key)
  return s === key ? value : s
}

/** Hours with at most one decimal. */
export function hours(h?: number | null): string {
  if (h === undefined || h === null) return '—'
  return String(Math.round(h * 10) / 10)
}

/** A percentage of part in whole, "—" when whole is 0. */
export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part * 1000) / whole) / 10}%` : '—'
}
