import { apiUrl, http } from './http'
import type { Job } from './types'

export const jobsApi = {
  get: <R = unknown>(id: number) => http.get<Job<R>>(`/jobs/${id}`),
  errorsUrl: (id: number) => apiUrl(`/jobs/${id}/errors.xlsx`),
}

export const isFinished = (j: Job<unknown>): boolean => j.status === 'succeeded' || j.status === 'failed'

/**
 * Polls a job until it finishes, calling onProgress with every reading. Resolves with the
 * finished job (succeeded or failed); rejects when a read fails or the signal aborts.
 */
export async function pollJob<R>(
  id: number,
  onProgress: (j: Job<R>) => void,
  opts: { intervalMs?: number; signal?: AbortSignal } = {},
): Promise<Job<R>> {
  const interval = opts.intervalMs ?? 500
  for (;;) {
    if (opts.signal?.aborted) throw new DOMException('aborted', 'AbortError')
    const j = await jobsApi.get<R>(id)
    onProgress(j)
    if (isFinished(j)) return j
    await new Promise((r) => setTimeout(r, interval))
  }
}
