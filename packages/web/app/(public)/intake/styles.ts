/**
 * The intake page's own stylesheet, inlined. The page is served without Next's client runtime
 * (see route.ts), so it cannot link the dashboard's hashed Tailwind bundle; the colours are
 * the tokens of app/globals.css, and dark mode follows the phone's setting.
 */
export const INTAKE_CSS = `
:root{--background:oklch(0.99 0.002 170);--foreground:oklch(0.2 0.02 200);--card:oklch(1 0 0);--primary:oklch(0.5 0.11 170);--primary-foreground:oklch(0.99 0 0);--muted:oklch(0.96 0.005 180);--muted-foreground:oklch(0.48 0.02 200);--accent:oklch(0.94 0.02 170);--destructive:oklch(0.53 0.2 27);--success:oklch(0.52 0.13 150);--border:oklch(0.9 0.01 190);--input:oklch(0.86 0.012 190);--ring:oklch(0.55 0.12 170);--radius:0.6rem;color-scheme:light}
@media (prefers-color-scheme:dark){:root{--background:oklch(0.17 0.012 220);--foreground:oklch(0.95 0.005 200);--card:oklch(0.21 0.014 220);--primary:oklch(0.72 0.12 170);--primary-foreground:oklch(0.18 0.03 190);--muted:oklch(0.25 0.012 220);--muted-foreground:oklch(0.72 0.015 210);--accent:oklch(0.29 0.03 190);--destructive:oklch(0.66 0.19 25);--success:oklch(0.74 0.15 150);--border:oklch(0.3 0.015 220);--input:oklch(0.36 0.015 220);--ring:oklch(0.72 0.12 170);color-scheme:dark}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--background);color:var(--foreground);font-family:ui-sans-serif,system-ui,sans-serif,"Apple Color Emoji","Segoe UI Emoji","Segoe UI Symbol","Noto Color Emoji";line-height:1.5;-webkit-font-smoothing:antialiased}
a{color:var(--primary)}
:focus-visible{outline:2px solid var(--ring);outline-offset:2px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
.top{border-bottom:1px solid var(--border);background:var(--card)}
.top-in{max-width:40rem;margin:0 auto;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem}
.logo{width:2.75rem;height:2.75rem;object-fit:contain;border-radius:.5rem;flex:none}
.shop{min-width:0}
.shop-name{margin:0;font-weight:600;font-size:1.05rem;line-height:1.25;overflow-wrap:anywhere}
.shop-phone{margin:0;color:var(--muted-foreground);font-size:.875rem}
.langs{margin-left:auto;display:flex;gap:.25rem;flex:none}
.langs a{display:inline-flex;align-items:center;min-height:2.25rem;padding:0 .6rem;border-radius:999px;border:1px solid var(--border);color:var(--foreground);text-decoration:none;font-size:.875rem}
.langs a[aria-current]{background:var(--primary);border-color:var(--primary);color:var(--primary-foreground)}
main{max-width:40rem;margin:0 auto;padding:1.25rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.2;margin:.25rem 0 .5rem;letter-spacing:-.01em}
.intro{margin:0 0 1rem;color:var(--muted-foreground)}
fieldset{border:1px solid var(--border);border-radius:var(--radius);background:var(--card);padding:1rem;margin:0 0 1rem;min-width:0}
legend{font-weight:600;font-size:1.05rem;padding:0 .35rem}
.field{display:flex;flex-direction:column;gap:.35rem;margin:0 0 1rem}
.field:last-child{margin-bottom:0}
label,.label{font-weight:500}
.opt{color:var(--muted-foreground);font-weight:400}
.hint{margin:0;color:var(--muted-foreground);font-size:.875rem}
input[type=text],input[type=tel],input[type=email],select,textarea{width:100%;min-height:2.75rem;padding:.6rem .75rem;font:inherit;font-size:1rem;color:inherit;background:var(--background);border:1px solid var(--input);border-radius:calc(var(--radius) - 2px)}
textarea{min-height:6rem;resize:vertical}
input[type=file]{font:inherit;font-size:.95rem;max-width:100%}
input[type=file]::file-selector-button{font:inherit;min-height:2.75rem;margin-right:.75rem;padding:0 1rem;border:1px solid var(--input);border-radius:calc(var(--radius) - 2px);background:var(--accent);color:inherit}
[aria-invalid=true]{border-color:var(--destructive)!important}
.error{margin:0;color:var(--destructive);font-size:.9rem;font-weight:500}
.check{display:flex;gap:.75rem;align-items:flex-start;padding:.75rem;border:1px solid var(--border);border-radius:calc(var(--radius) - 2px);margin:0 0 .5rem}
.check input{width:1.4rem;height:1.4rem;margin:.1rem 0 0;flex:none;accent-color:var(--primary)}
.check label{font-weight:400;white-space:pre-line}
.check-field{margin:0 0 1rem}
.btn{display:inline-flex;align-items:center;justify-content:center;gap:.5rem;width:100%;min-height:3rem;padding:0 1.25rem;border:0;border-radius:calc(var(--radius) - 2px);background:var(--primary);color:var(--primary-foreground);font:inherit;font-weight:600;font-size:1.05rem;text-decoration:none;cursor:pointer}
.btn[disabled]{opacity:.6;cursor:progress}
.btn-secondary{background:var(--card);color:var(--foreground);border:1px solid var(--border)}
.nojs-photos{display:flex;flex-direction:column;gap:.75rem;margin-bottom:1.5rem}
.alert{border:1px solid color-mix(in srgb,var(--destructive) 50%,transparent);background:color-mix(in srgb,var(--destructive) 6%,var(--background));color:var(--foreground);border-radius:var(--radius);padding:.85rem 1rem;margin:0 0 1rem}
.alert-title{margin:0 0 .25rem;font-weight:600;color:var(--destructive)}
.alert p{margin:0 0 .25rem}
.alert ul{margin:.25rem 0 0;padding-left:1.25rem}
.alert a{color:var(--destructive)}
.photos{list-style:none;margin:.25rem 0 0;padding:0;display:grid;gap:.5rem}
.photos li{display:flex;align-items:center;gap:.75rem;padding:.5rem;border:1px solid var(--border);border-radius:calc(var(--radius) - 2px)}
.photos img{width:3.5rem;height:3.5rem;object-fit:cover;border-radius:.4rem;flex:none;background:var(--muted)}
.photos .meta{flex:1;min-width:0;display:flex;flex-direction:column;gap:.2rem;font-size:.875rem}
.photos .name{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.photos progress{width:100%;height:.4rem;accent-color:var(--primary)}
.photos .failed{color:var(--destructive)}
.photos .ok{color:var(--success)}
.photos button{min-height:2.5rem;padding:0 .75rem;border:1px solid var(--input);border-radius:calc(var(--radius) - 2px);background:transparent;color:inherit;font:inherit;font-size:.875rem;cursor:pointer}
.hp{position:absolute!important;left:-10000px!important;top:auto;width:1px;height:1px;overflow:hidden}
.note{margin:.75rem 0 0;color:var(--muted-foreground);font-size:.875rem;text-align:center}
`;
