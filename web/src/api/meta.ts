import { http } from './http'
import type { Codes } from './types'

export const metaApi = {
  codes: () => http.get<Codes>('/meta/codes'),
}
