// The one stylesheet, inlined into every page: a reader's first paint needs no second request, and the whole of it
// is smaller than a typical request's headers would be. Text colours meet WCAG AA in both schemes; the site's accent
// colour is only decoration (borders, underlines), because an arbitrary accent cannot promise readable text.

const DEFAULT_ACCENT = '#ff1a75';

/** The accent goes into CSS, so only a plain hex colour is accepted; anything else could close the style element. */
export function accentOf(color: string | null | undefined): string {
  return color && /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i.test(color) ? color : DEFAULT_ACCENT;
}

const CSS = `
:root{--bg:#fff;--fg:#15171a;--muted:#545b66;--line:#dfe2e6;--code:#f3f4f6;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#eceef1;--muted:#aeb5bf;--line:#33373d;--code:#22252a}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--fg);border-top:4px solid var(--accent);
font:1.125rem/1.65 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",sans-serif}
a{color:inherit;text-decoration-color:var(--accent);text-decoration-thickness:.1em;text-underline-offset:.2em}
a:hover{text-decoration-thickness:.2em}
:focus-visible{outline:3px solid currentColor;outline-offset:3px}
.sr-only{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip-link{position:absolute;left:1rem;top:-4rem;z-index:1;padding:.5rem 1rem;background:var(--fg);color:var(--bg)}
.skip-link:focus{top:1rem}
.wrap{max-width:44rem;margin:0 auto;padding:0 1.25rem}
.site-header{padding:2rem 0 1.25rem;border-bottom:1px solid var(--line)}
.site-title{font-size:1.5rem;font-weight:800;text-decoration:none}
.site-title img{display:block;max-height:3rem;width:auto}
.site-description{margin:.25rem 0 0;color:var(--muted)}
.site-nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;list-style:none;margin:1rem 0 0;padding:0}
.site-nav a[aria-current=page]{font-weight:700}
.site-members{margin:.75rem 0 0;font-size:.95rem}
.member-form{display:grid;gap:.4rem;max-width:24rem;margin:1.5rem 0}
.member-form label{font-weight:600;margin-top:.6rem}
.member-form input{font:inherit;padding:.5rem .65rem;border:1px solid var(--muted);border-radius:6px;
background:var(--bg);color:var(--fg)}
.member-form button{font:inherit;font-weight:700;margin-top:1rem;padding:.55rem 1.2rem;border:2px solid var(--fg);
border-radius:6px;background:var(--fg);color:var(--bg);cursor:pointer;justify-self:start}
.optional{font-weight:400;color:var(--muted)}
.form-error{margin:0;padding-left:.6rem;border-left:4px solid var(--accent);font-weight:600}
main{display:block;padding:2rem 0 3rem}
main:focus{outline:none}
h1,h2,h3{line-height:1.2;letter-spacing:-.01em;overflow-wrap:break-word}
.archive-header{margin-bottom:1rem}
.archive-header h1{margin:0 0 .5rem}
.archive-header img{border-radius:50%;width:5rem;height:5rem;object-fit:cover}
.post-card{padding:1.5rem 0;border-bottom:1px solid var(--line)}
.post-card h2{margin:0 0 .4rem;font-size:1.5rem}
.post-card h2 a{text-decoration:none}
.post-card h2 a:hover{text-decoration:underline}
.post-card p{margin:.4rem 0}
.meta{color:var(--muted);font-size:.9rem}
.label{display:inline-block;font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em}
.terms{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.5rem 0 1.5rem}
.terms a{display:inline-block;padding:.1rem .7rem;border:1px solid var(--line);border-radius:999px;font-size:.875rem;
text-decoration:none}
.post-header h1{font-size:clamp(2rem,6vw,2.75rem);margin:.25rem 0 .75rem}
.lede{font-size:1.25rem;color:var(--muted);margin:0 0 1rem}
figure{margin:1.5rem 0}
img,video{max-width:100%;height:auto}
figcaption{color:var(--muted);font-size:.875rem;text-align:center;margin-top:.5rem}
.content{overflow-wrap:break-word}
.content pre{overflow-x:auto;padding:1rem;background:var(--code);border-radius:6px;font-size:.9rem}
.content code{font-size:.9em}
.content blockquote{margin:1.5rem 0;padding-left:1rem;border-left:4px solid var(--accent)}
.content table{display:block;overflow-x:auto;border-collapse:collapse}
.content th,.content td{border:1px solid var(--line);padding:.4rem .6rem}
.notice{margin:2rem 0;padding:1.25rem 1.5rem;border:2px solid var(--accent);border-radius:8px}
.notice h2{margin:0 0 .5rem;font-size:1.25rem}
.post-footer{margin-top:2.5rem;padding-top:1rem;border-top:1px solid var(--line)}
.post-footer h2{font-size:1rem;margin:1rem 0 0}
.pagination{display:flex;justify-content:space-between;align-items:center;gap:1rem;margin-top:2rem;font-size:.95rem}
.site-footer{border-top:1px solid var(--line);padding:1.5rem 0 3rem;color:var(--muted);font-size:.9rem}
.site-footer ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:.5rem 0 0;padding:0}
@media (max-width:600px){body{font-size:1.0625rem}.site-header{padding-top:1.25rem}}
`.replaceAll('\n', '');

/** The stylesheet for a site, with its accent colour. */
export function stylesheet(accentColor: string | null | undefined): string {
  return `:root{--accent:${accentOf(accentColor)}}${CSS}`;
}
