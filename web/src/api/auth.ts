import { http } from './http'
import type { List, Me, Session } from './types'

export const authApi = {
  login: (username: string, password: string) => http.post<Me>('/auth/login', { username, password }),
  logout: () => http.post<void>('/auth/logout'),
  me: () => http.get<Me>('/auth/me'),
  changePassword: (current: string, next: string) =>
    http.post<Me>('/auth/password', { current_password: current, new_password: next }),
  sessions: () => http.get<List<Session>>('/auth/sessions').then((r) => r.items),
  endSession: (id: number) => http.del(`/auth/sessions/${id}`),
}
