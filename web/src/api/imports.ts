import { apiUrl, http } from './http'
import type { JobStarted } from './types'

export type ImportKind = 'members' | 'orgs' | 'developments'

export interface ImportOptions { dryRun: boolean; partial?: boolean }

export const importsApi = {
  templateUrl: (kind: ImportKind, format: 'xlsx' | 'csv' = 'xlsx') => apiUrl(`/import/templates/${kind}`, { format }),
  start: (kind: ImportKind, file: File | Blob, opts: ImportOptions, filename = 'import.csv') => {
    const form = new FormData()
    form.append('file', file, file instanceof File ? file.name : filename)
    return http.upload<JobStarted>(`/import/${kind}`, form, {
      dry_run: opts.dryRun || undefined,
      partial: opts.partial || undefined,
    })
  },
}
