/**
 * The help-centre widget: one `<script src="…/s/widget.js" data-survey="<id>">` tag asks the
 * survey where the tag sits and records the page it sits on. It sets no cookie and sends no
 * credentials; it builds its form in a Shadow DOM, styled by a constructed stylesheet (which a
 * strict style-src does not block) and fills every text with textContent, so it runs under
 * `script-src <server>; connect-src <server>` with nothing inline. Attributes: `data-survey` (the
 * survey id), `data-lang` (else the browser's language), `data-server` (else the script's origin).
 */
import { POW_SCRIPT } from './pow-script.js';

const WIDGET_STYLES = `:host{all:initial;display:block;font:16px/1.5 system-ui,sans-serif;color:#1b1f24;max-width:36rem}
.w{border:1px solid #767f8c;border-radius:.5rem;padding:1rem;background:#fff}
h2{font-size:1.15rem;margin:0 0 .75rem}
fieldset{border:0;margin:0 0 1rem;padding:0;min-width:0}
legend,.q{font-weight:600;margin-bottom:.375rem;padding:0;display:block}
.hint{color:#4a5360;font-size:.875rem;font-weight:400}
.scale{display:flex;flex-wrap:wrap;gap:.375rem}
.opt{position:relative}
.opt input{position:absolute;opacity:0;width:1px;height:1px}
.opt label{display:inline-flex;align-items:center;justify-content:center;min-width:2.75rem;min-height:2.75rem;padding:.25rem .5rem;border:2px solid #767f8c;border-radius:.375rem;cursor:pointer;background:#fff}
.opt input:checked+label{background:var(--a);border-color:var(--a);color:#fff}
.opt input:focus-visible+label,textarea:focus-visible,button:focus-visible,.choice input:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}
.ends{display:flex;justify-content:space-between;color:#4a5360;font-size:.8rem;gap:1rem}
.choice{display:flex;gap:.5rem;align-items:flex-start}
textarea{width:100%;box-sizing:border-box;min-height:5rem;font:inherit;padding:.5rem;border:2px solid #767f8c;border-radius:.375rem}
button{font:inherit;font-weight:600;color:#fff;background:var(--a);border:0;border-radius:.375rem;padding:.625rem 1.25rem;min-height:2.75rem;cursor:pointer}
.err{color:#b3261e;font-weight:600;margin:.25rem 0 0}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}`;

/**
 * The script. The survey's view (GET /s/w/<id>) is `{ language, dir, colour, title, intro, thanks,
 * texts, questions, challenge, difficulty }`; an answer is POSTed as JSON in a text/plain body (a
 * simple request: no preflight) and answered `{ ok: true, thanks }` or `{ ok: false, errors,
 * summary, challenge }`.
 */
export const WIDGET_SCRIPT = `(function(){${POW_SCRIPT}
var me=document.currentScript;if(!me)return;var id=me.getAttribute('data-survey')||'',server=(me.getAttribute('data-server')||new URL(me.src).origin).replace(/\\/$/,''),
lang=me.getAttribute('data-lang')||navigator.language||'',host=document.createElement('div'),root=host.attachShadow({mode:'open'}),n=0;
me.parentNode.insertBefore(host,me.nextSibling);
function el(t,a,k){var e=document.createElement(t);for(var x in a)if(a[x]!=null)x==='text'?e.textContent=a[x]:e.setAttribute(x,a[x]);(k||[]).forEach(function(c){c&&e.append(c)});return e}
var url=server+'/s/w/'+encodeURIComponent(id);
fetch(url+'?lang='+encodeURIComponent(lang),{credentials:'omit'}).then(function(r){if(!r.ok)throw r;return r.json()}).then(function(s){
var sheet=new CSSStyleSheet();sheet.replaceSync(${JSON.stringify(WIDGET_STYLES)});root.adoptedStyleSheets=[sheet];host.style.setProperty('--a',s.colour);
var p='sm'+(n++)+'-',t=s.texts,box=el('div',{'class':'w',lang:s.language,dir:s.dir}),form=el('form',{novalidate:''}),errs={},st=el('p',{role:'status','aria-live':'polite','class':'hint'});
box.append(el('h2',{text:s.title}));if(s.intro)box.append(el('p',{text:s.intro}));
s.questions.forEach(function(q){var eid=p+'e-'+q.id,err=el('p',{'class':'err',id:eid,hidden:''}),label=q.text+' ',mark=el('span',{'class':'hint',text:'('+(q.required?t.required:t.optional)+')'}),g;errs[q.id]=err;
if(q.type==='text'){g=el('div',{},[el('label',{'class':'q','for':p+q.id,text:label},[mark]),el('textarea',{id:p+q.id,name:q.id,maxlength:'4000','aria-describedby':eid})])}
else{var leg=el('legend',{text:label},[mark]),kids=[leg];
if(q.points){var sc=el('div',{'class':'scale'});q.points.forEach(function(pt){var i=p+q.id+'-'+pt.value;sc.append(el('span',{'class':'opt'},[el('input',{type:'radio',id:i,name:q.id,value:String(pt.value),'aria-describedby':eid}),el('label',{'for':i,'aria-label':pt.name,text:pt.shown!=null?pt.shown:pt.icon==='star'?'\\u2605':String(pt.value)})]))});kids.push(sc);
if(q.ends&&(q.ends[0]||q.ends[1]))kids.push(el('div',{'class':'ends'},[el('span',{text:q.ends[0]}),el('span',{text:q.ends[1]})]))}
else{if(q.type==='multiple')kids.push(el('p',{'class':'hint',text:t.chooseAll}));q.options.forEach(function(o){var i=p+q.id+'-'+o.id;kids.push(el('div',{'class':'choice'},[el('input',{type:q.type==='single'?'radio':'checkbox',id:i,name:q.id,value:o.id,'aria-describedby':eid}),el('label',{'for':i,text:o.text})]))})}
g=el('fieldset',{},kids)}g.append(err);form.append(g)});
var trap=el('input',{type:'text',name:'website',tabindex:'-1',autocomplete:'off',id:p+'website'});form.append(el('div',{'class':'trap','aria-hidden':'true'},[el('label',{'for':p+'website',text:t.honeypot}),trap]));
var b=el('button',{type:'submit',text:t.submit});form.append(b,st);box.append(form);root.append(box);
var ch=s.challenge,dif=s.difficulty;
form.addEventListener('submit',function(ev){ev.preventDefault();if(b.disabled)return;b.disabled=true;st.textContent=t.sending;var a={};
s.questions.forEach(function(q){var v;if(q.type==='text'){v=form.querySelector('textarea[name="'+q.id+'"]').value.trim();a[q.id]=v||null}else if(q.type==='multiple'){v=[];form.querySelectorAll('input[name="'+q.id+'"]:checked').forEach(function(i){v.push(i.value)});a[q.id]=v.length?v:null}
else{var c=form.querySelector('input[name="'+q.id+'"]:checked');a[q.id]=c?(q.points?Number(c.value):c.value):null}});
powSolve(ch,dif).then(function(nonce){return fetch(url,{method:'POST',credentials:'omit',headers:{'content-type':'text/plain;charset=UTF-8'},body:JSON.stringify({answers:a,pageUrl:document.location.href,language:s.language,challenge:ch,nonce:nonce,website:trap.value})})}).then(function(r){return r.json()}).then(function(j){
Object.keys(errs).forEach(function(k){errs[k].hidden=true});
if(j.ok){box.textContent='';var h=el('h2',{text:t.thanksTitle,tabindex:'-1'});box.append(h,el('p',{text:j.thanks||s.thanks}));h.focus();return}
if(j.challenge){ch=j.challenge;dif=j.difficulty||dif}var first=null;Object.keys(j.errors||{}).forEach(function(k){if(errs[k]){errs[k].textContent=j.errors[k];errs[k].hidden=false;first=first||form.querySelector('[name="'+k+'"]')}});
st.textContent=j.summary||t.sendFailed;if(first)first.focus();b.disabled=false}).catch(function(){st.textContent=t.sendFailed;b.disabled=false})})
}).catch(function(){});})();`;
