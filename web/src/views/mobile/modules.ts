/** The places of the phone layout that later modules fill. */
export const COMING_MODULES = ['dues', 'meetings', 'study', 'opinions'] as const
export type ComingModule = (typeof COMING_MODULES)[number]
export const MODULE_ICONS: Record<ComingModule, string> = { dues: '¥', meetings: '会', study: '学', opinions: '议' }
