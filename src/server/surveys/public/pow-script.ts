/**
 * The proof of work as browser script, shared by the pages and the widget: a small SHA-256 (the
 * Web Crypto API exists only on https and localhost pages, and costs a promise per hash) and a
 * search for the nonce that yields chunk by chunk, so the page stays responsive while it runs.
 * `powSolve(challenge, difficulty)` resolves to the nonce that tokens.ts's checkProofOfWork accepts:
 * sha256(challenge + nonce) starts with `difficulty` zero bits, the nonce a base-36 counter.
 */
export const POW_SCRIPT = `function powHash(s){var K=[],H=[],c=[],p,i,j,n,W=[],m=new TextEncoder().encode(s),l=m.length,w;
for(p=2;K.length<64;p++)if(!c[p]){for(i=0;i<313;i+=p)c[i]=p;H.push(Math.pow(p,.5)*4294967296|0);K.push(Math.pow(p,1/3)*4294967296|0)}
H=H.slice(0,8);n=((l+8)>>6)+1<<4;w=new Array(n).fill(0);
for(i=0;i<l;i++)w[i>>2]|=m[i]<<(24-8*(i&3));w[l>>2]|=128<<(24-8*(l&3));w[n-1]=l*8;
for(j=0;j<n;j+=16){var a=H[0],b=H[1],d=H[2],e=H[3],f=H[4],g=H[5],h=H[6],k=H[7];
for(i=0;i<64;i++){if(i<16)W[i]=w[j+i];else{var x=W[i-15],y=W[i-2];W[i]=((x>>>7|x<<25)^(x>>>18|x<<14)^x>>>3)+((y>>>17|y<<15)^(y>>>19|y<<13)^y>>>10)+W[i-7]+W[i-16]|0}
var t=k+((f>>>6|f<<26)^(f>>>11|f<<21)^(f>>>25|f<<7))+(f&g^~f&h)+K[i]+W[i]|0,u=((a>>>2|a<<30)^(a>>>13|a<<19)^(a>>>22|a<<10))+(a&b^a&d^b&d)|0;
k=h;h=g;g=f;f=e+t|0;e=d;d=b;b=a;a=t+u|0}
H[0]=H[0]+a|0;H[1]=H[1]+b|0;H[2]=H[2]+d|0;H[3]=H[3]+e|0;H[4]=H[4]+f|0;H[5]=H[5]+g|0;H[6]=H[6]+h|0;H[7]=H[7]+k|0}
return H.map(function(v){return v>>>0})}
function powZeros(H,d){for(var i=0;d>0;i++,d-=32){var v=H[i];if(d<32?v>>>(32-d):v)return false}return true}
function powSolve(c,d){return new Promise(function(ok){var n=0;(function run(){for(var e=n+2000;n<e;n++)if(powZeros(powHash(c+n.toString(36)),d))return ok(n.toString(36));setTimeout(run,0)})()})}`;
