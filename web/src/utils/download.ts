/** Starts a browser download of a same-origin URL (the session cookie goes along). */
export function download(url: string): void {
  const a = document.createElement('a')
  a.href = url
  a.rel = 'noopener'
  a.download = ''
  document.body.appendChild(a)
  a.click()
  a.remove()
}
