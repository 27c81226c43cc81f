/** The places of the phone layout that later modules fill. */
export const COMING_MODULES = ['dues', 'opinions'] as const
export type ComingModule = (typeof COMING_MODULES)[number]
export const MODULE_ICONS: Record<ComingModule, string> = { dues: '¥', opinions: '议' }

/** The organisational-life places of the phone layout, by route. */
export const LIFE_MODULES = [
  { route: 'm-meetings', key: 'meetings', icon: '会' },
  { route: 'm-study', key: 'study', icon: '学' },
  { route: 'm-documents', key: 'documents', icon: '签' },
] as const
