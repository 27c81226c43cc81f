/** One changed field between two JSON snapshots of a record (audit before/after). */
export interface FieldChange { field: string; before: string; after: string }

const IGNORED = new Set(['version', 'created_at', 'updated_at', 'name_initials', 'org_path'])

function parse(s?: string): Record<string, unknown> {
  if (!s) return {}
  try {
    const v: unknown = JSON.parse(s)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function show(v: unknown): string {
  if (v === undefined || v === null) return ''
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** The fields whose values differ between before and after (bookkeeping fields left out). */
export function diffSnapshots(before?: string, after?: string): FieldChange[] {
  const a = parse(before)
  const b = parse(after)
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !IGNORED.has(k))
  return keys
    .map((k) => ({ field: k, before: show(a[k]), after: show(b[k]) }))
    .filter((c) => c.before !== c.after)
}
