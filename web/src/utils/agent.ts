/** A short name for a browser's user agent: "Chrome 130 · Windows", "微信 · Android"… */
export function shortAgent(ua: string): string {
  if (!ua) return '—'
  const browser =
    /MicroMessenger\/([\d.]+)/.exec(ua)?.[0].replace(/MicroMessenger/, 'WeChat').split('.')[0] ??
    /Edg\/(\d+)/.exec(ua)?.[0].replace('Edg', 'Edge') ??
    /(?:Chrome|Chromium)\/(\d+)/.exec(ua)?.[0] ??
    /Firefox\/(\d+)/.exec(ua)?.[0] ??
    (/Safari\//.test(ua) ? 'Safari' : ua.split(/[ /]/)[0])
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : ''
  return [browser.replace('/', ' '), os].filter(Boolean).join(' · ')
}
