package api

import "net/http"

// docsPage is a self-contained API reference built from /api/v1/openapi.json in the browser:
// no CDN, no inline script (the Content-Security-Policy allows scripts from the server only).
func docsPage(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write([]byte(docsHTML))
}

// docsScript is the docs page's script.
func docsScript(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write([]byte(docsJS))
}

const docsHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Dangjian API</title>
<style>
body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:0;color:#222}
header{background:#b71c1c;color:#fff;padding:12px 24px}
main{max-width:1100px;margin:0 auto;padding:16px 24px}
.op{border:1px solid #ddd;border-radius:6px;margin:10px 0;padding:8px 12px}
.m{display:inline-block;min-width:64px;font-weight:bold;text-transform:uppercase}
.get{color:#1565c0}.post{color:#2e7d32}.put{color:#ef6c00}.delete{color:#c62828}
code{background:#f5f5f5;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #eee;padding:2px 8px;font-size:14px;text-align:left}
details summary{cursor:pointer}
</style></head><body>
<header><strong>党建 Dangjian API</strong> · <a style="color:#fff" href="/api/v1/openapi.json">openapi.json</a></header>
<main id="app">Loading…</main>
<script src="/api/docs.js"></script></body></html>`

const docsJS = `fetch('/api/v1/openapi.json').then(r=>r.json()).then(doc=>{
  const app=document.getElementById('app'); app.textContent='';
  const p=document.createElement('p'); p.textContent=doc.info.description||''; app.appendChild(p);
  for(const [path,item] of Object.entries(doc.paths)){
    for(const [method,op] of Object.entries(item)){
      const d=document.createElement('details'); d.className='op';
      const s=document.createElement('summary');
      const m=document.createElement('span'); m.className='m '+method; m.textContent=method; s.appendChild(m);
      const c=document.createElement('code'); c.textContent=path; s.appendChild(c);
      s.appendChild(document.createTextNode(' '+(op.summary||''))); d.appendChild(s);
      if(op.parameters&&op.parameters.length){
        const t=document.createElement('table');
        t.innerHTML='<tr><th>parameter</th><th>in</th><th>type</th><th>description</th></tr>';
        for(const pa of op.parameters){const r=t.insertRow();
          [pa.name,pa.in,(pa.schema&&pa.schema.type)||'',pa.description||''].forEach(v=>{r.insertCell().textContent=v});}
        d.appendChild(t);
      }
      const body=op.requestBody&&op.requestBody.content&&op.requestBody.content['application/json'];
      if(body){const pre=document.createElement('pre');pre.textContent='body: '+JSON.stringify(body.schema);d.appendChild(pre);}
      app.appendChild(d);
    }
  }
});
`
