/**
 * The survey pages' one script (inline, under the page's CSP nonce): with it, the form finds its
 * proof of work and sends with fetch, and the thanks replaces the form without a reload; without
 * it, the form posts as any form does. The server answers a request that accepts JSON with
 * `{ ok: true, title, thanks }`, or `{ ok: false, errors: { <question id>: message }, summary,
 * challenge?, stamp? }` (a fresh challenge when the old one was used), or `{ ok: false, summary }`.
 */
import { POW_SCRIPT } from './pow-script.js';

export const PAGE_SCRIPT = `(function(){${POW_SCRIPT}
var f=document.querySelector('form[data-survey]');if(!f||!window.fetch||!window.URLSearchParams)return;
var b=f.querySelector('button[type=submit]'),st=document.getElementById('status'),sum=document.getElementById('summary');
function field(n){return f.querySelector('[name="'+n+'"]')}
f.addEventListener('submit',function(ev){ev.preventDefault();if(b.disabled)return;b.disabled=true;st.textContent=f.dataset.sending;
var c=f.dataset.challenge;(c?powSolve(c,+f.dataset.difficulty):Promise.resolve('')).then(function(n){if(c)field('nonce').value=n;
return fetch(f.action,{method:'POST',body:new URLSearchParams(new FormData(f)),headers:{accept:'application/json'},credentials:'same-origin'})}).then(function(r){return r.json()}).then(function(j){
if(j.ok){var m=document.getElementById('content');m.textContent='';var h=document.createElement('h1'),p=document.createElement('p');h.textContent=j.title;h.tabIndex=-1;p.textContent=j.thanks;m.append(h,p);h.focus();return}
f.querySelectorAll('.err').forEach(function(e){e.hidden=true;e.textContent=''});f.querySelectorAll('[aria-invalid]').forEach(function(e){e.removeAttribute('aria-invalid')});
var first=null;Object.keys(j.errors||{}).forEach(function(id){var e=document.getElementById('e-'+id),g=document.getElementById('f-'+id);if(!e||!g)return;e.textContent=j.errors[id];e.hidden=false;g.setAttribute('aria-invalid','true');
g.querySelectorAll('input,textarea').forEach(function(i){var d=(i.getAttribute('aria-describedby')||'').split(' ').filter(function(x){return x&&x!==e.id});d.push(e.id);i.setAttribute('aria-describedby',d.join(' '))});first=first||g.querySelector('input,textarea')});
if(j.challenge){f.dataset.challenge=j.challenge;field('challenge').value=j.challenge}if(j.stamp)field('stamp').value=j.stamp;
sum.textContent=j.summary||f.dataset.failed;sum.hidden=false;st.textContent='';(first||sum).focus()}).catch(function(){st.textContent=f.dataset.failed}).then(function(){b.disabled=false})})})();`;
